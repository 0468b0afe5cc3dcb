package dev.easel.store;

import java.util.Objects;

/**
 * An uploaded file's metadata; its bytes live in the {@link BlobStore} under {@code blobName}.
 *
 * @param bytes the content's size
 * @param createdAt seconds since the epoch
 */
public record StoredFile(String id, String filename, String purpose, long bytes, long createdAt, String blobName) {
    public StoredFile {
        Require.text(id, "id");
        Objects.requireNonNull(filename, "filename");
        Require.text(purpose, "purpose");
        Require.nonNegative(bytes, "bytes");
        Require.nonNegative(createdAt, "createdAt");
        Require.text(blobName, "blobName");
    }
}
