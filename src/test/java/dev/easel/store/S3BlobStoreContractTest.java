package dev.easel.store;

import java.security.SecureRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The blob store contract on an S3-protocol server (npm s3rver, path-style, as MinIO and most self-hosted S3
 * servers are used): each test's stores in their own key prefixes of one bucket.
 */
class S3BlobStoreContractTest extends BlobStoreContract {
    static final S3rverServer server = S3rverServer.start();
    static final S3Client client = server.client();

    private final String run = UUID.randomUUID().toString();

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Override
    BlobStore store(String area, String prefix) {
        return new S3BlobStore(client, S3rverServer.BUCKET, run + "/" + area + "/", prefix, new SecureRandom());
    }
}
