package dev.easel.store;

import dev.easel.api.NodePeer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-protocol server for the tests: npm {@code s3rver} (pinned in src/test/node) on the tests' Node.js 22,
 * on a free loopback port, with one bucket, its objects in a temporary folder. Missing, it fails the test with
 * how to install it.
 */
public final class S3rverServer implements AutoCloseable {
    static final String PACKAGE = "s3rver";
    public static final String BUCKET = "easel-test";

    private final PeerProcess peer;

    private S3rverServer(PeerProcess peer) {
        this.peer = peer;
    }

    public static S3rverServer start() {
        Path node = NodePeer.node();
        Path script = NodePeer.requirePackage(PACKAGE).resolve("bin/s3rver.js");
        int port = PeerProcess.freePort();
        Path folder = PeerProcess.folder("s3rver");
        return new S3rverServer(PeerProcess.start(
                "npm s3rver",
                List.of(
                        node.toString(),
                        script.toString(),
                        "-d",
                        folder.toString(),
                        "-a",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "--configure-bucket",
                        BUCKET),
                folder,
                port));
    }

    /** Its endpoint URL. */
    public String endpoint() {
        return "http://127.0.0.1:" + peer.port();
    }

    /** A client of it (path-style, its fixed credentials: S3RVER / S3RVER). */
    public S3Client client() {
        return S3BlobStore.client(
                Optional.of(URI.create(endpoint())),
                "us-east-1",
                true,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("S3RVER", "S3RVER")));
    }

    @Override
    public void close() {
        peer.close();
    }
}
