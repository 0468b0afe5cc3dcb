package dev.easel.store;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as objects in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2...), under a key prefix (one "folder" per
 * store), for nodes that share them. Names are issued as {@link FileBlobStore}'s are (unguessable, of one shape;
 * any other name is simply absent), so the two are interchangeable behind {@link BlobStore}. A PUT is atomic in
 * S3: a reader sees the whole object or none. Failures of the service are {@link IOException}s, as the file
 * store's are; credentials come from the SDK's provider (environment, profile, instance role) and never appear in
 * a message.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    /** The most keys one DeleteObjects call takes. */
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;
    private final String keyPrefix;
    private final String prefix;
    private final RandomGenerator random;

    /**
     * @param keyPrefix the objects' key prefix in the bucket (e.g. {@code images/}); empty for the bucket's root
     * @param prefix the blob names' prefix, as {@link FileBlobStore}'s
     * @param random where blob names come from (a {@link java.security.SecureRandom} in production)
     */
    public S3BlobStore(S3Client s3, String bucket, String keyPrefix, String prefix, RandomGenerator random) {
        this.s3 = s3;
        this.bucket = bucket;
        this.keyPrefix = keyPrefix;
        this.prefix = prefix;
        this.random = random;
    }

    /**
     * A client for a bucket: {@code endpoint} for an S3-compatible server (empty: AWS's for the region),
     * {@code pathStyle} for servers that take the bucket in the path rather than the host name.
     */
    public static S3Client client(
            Optional<URI> endpoint, String region, boolean pathStyle, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .forcePathStyle(pathStyle);
        // S3-compatible servers do not all read the SDK's signed aws-chunked uploads (s3rver keeps the chunk
        // framing as the object's bytes) or its default checksums: against them, plain bodies, and checksums
        // only where the API requires one.
        endpoint.ifPresent(e -> builder.endpointOverride(e)
                .serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        return builder.build();
    }

    /**
     * At start: the bucket answers (it exists and the credentials may use it), or the server does not start.
     *
     * @throws IllegalStateException naming the bucket and the HTTP status, never the credentials
     */
    public static void check(S3Client s3, String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            throw new IllegalStateException("blobs.s3_bucket " + bucket + " cannot be used: HTTP " + e.statusCode()
                    + (e.statusCode() == 404 ? " (no such bucket)" : e.statusCode() == 403 ? " (access denied)" : ""));
        } catch (SdkException e) {
            throw new IllegalStateException("blobs.s3_bucket " + bucket + " cannot be reached: "
                    + e.getClass().getSimpleName());
        }
    }

    @Override
    public String put(byte[] bytes, String extension) throws IOException {
        String name = BlobNames.issue(prefix, extension, random);
        call(() -> s3.putObject(b -> b.bucket(bucket).key(keyPrefix + name), RequestBody.fromBytes(bytes)), name);
        return name;
    }

    @Override
    public String nameFor(String key, String extension) {
        return BlobNames.keyed(prefix, key, extension);
    }

    @Override
    public void replace(String name, byte[] bytes) throws IOException {
        String key = keyPrefix + BlobNames.checked(name);
        call(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes)), name);
    }

    @Override
    public Optional<byte[]> get(String name) throws IOException {
        if (!BlobNames.issued(name)) {
            return Optional.empty();
        }
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(keyPrefix + name))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read", name, e);
        }
    }

    @Override
    public int deleteOlderThan(Instant before) throws IOException {
        List<ObjectIdentifier> old = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix(keyPrefix))
                    .contents()) {
                String name = object.key().substring(keyPrefix.length());
                if (BlobNames.issued(name) && object.lastModified().isBefore(before)) {
                    old.add(ObjectIdentifier.builder().key(object.key()).build());
                }
            }
        } catch (SdkException e) {
            throw failure("list", keyPrefix + "*", e);
        }
        int deleted = 0;
        for (int i = 0; i < old.size(); i += DELETE_BATCH) {
            List<ObjectIdentifier> batch = old.subList(i, Math.min(old.size(), i + DELETE_BATCH));
            var result = call(
                    () -> s3.deleteObjects(b -> b.bucket(bucket)
                            .delete(Delete.builder().objects(batch).quiet(true).build())),
                    keyPrefix + "*");
            deleted += batch.size() - result.errors().size();
        }
        return deleted;
    }

    @Override
    public boolean delete(String name) throws IOException {
        if (!BlobNames.issued(name)) {
            return false;
        }
        // S3's DELETE answers the same whether the object was there: HEAD tells.
        try {
            s3.headObject(b -> b.bucket(bucket).key(keyPrefix + name));
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("delete", name, e);
        } catch (SdkException e) {
            throw failure("delete", name, e);
        }
        call(() -> s3.deleteObject(b -> b.bucket(bucket).key(keyPrefix + name)), name);
        return true;
    }

    @Override
    public void close() {
        s3.close();
    }

    private interface Call<T> {
        T run();
    }

    private <T> T call(Call<T> call, String name) throws IOException {
        try {
            return call.run();
        } catch (SdkException e) {
            throw failure("write", name, e);
        }
    }

    private IOException failure(String what, String name, SdkException e) {
        String status = e instanceof S3Exception s ? " (HTTP " + s.statusCode() + ")" : "";
        return new IOException(
                "S3 bucket " + bucket + ": could not " + what + " " + keyPrefix + name + status + ": "
                        + e.getClass().getSimpleName(),
                e);
    }
}
