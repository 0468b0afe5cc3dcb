package dev.easel;

import dev.easel.Config.Secret;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The {@code blobs} section of {@link Config}: where uploads and URL images live. Without a bucket, in the data folder; with
 * one, in that S3-compatible bucket under {@code s3Prefix} ({@code blobs/}, {@code images/} below it), so
 * that several nodes share them. Credentials: the two keys when given, else the AWS SDK's own chain
 * (environment, profile, instance role).
 */
public record BlobSettings(
        Optional<String> s3Bucket,
        Optional<URI> s3Endpoint,
        String s3Region,
        boolean s3PathStyle,
        String s3Prefix,
        Optional<Secret> s3AccessKeyId,
        Optional<Secret> s3SecretAccessKey) {
    public BlobSettings {
        List.of(s3Bucket, s3Endpoint, s3Region, s3Prefix, s3AccessKeyId, s3SecretAccessKey); // none null
        if (s3AccessKeyId.isPresent() != s3SecretAccessKey.isPresent()) {
            throw new IllegalArgumentException(
                    "blobs.s3_access_key_id and blobs.s3_secret_access_key go together: set both or neither");
        }
        if (s3Prefix.startsWith("/")) {
            throw new IllegalArgumentException("blobs.s3_prefix must not start with '/'");
        }
    }
}
