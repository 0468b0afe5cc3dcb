package dev.easel.store;

import java.util.Objects;

/**
 * An uploaded file's metadata; its bytes live in the {@link BlobStore} under {@code blobName}.
 *
 * @param bytes the content's size
 * @param createdAt seconds since the epoch
 * @param owner the id of the API key that uploaded it; empty on a server without keys
 */
public record StoredFile(
        String id, String filename, String purpose, long bytes, long createdAt, String blobName, String owner) {
    public StoredFile {
        Objects.requireNonNull(owner, "owner");
        Require.text(id, "id");
        Objects.requireNonNull(filename, "filename");
        Require.text(purpose, "purpose");
        Require.nonNegative(bytes, "bytes");
        Require.nonNegative(createdAt, "createdAt");
        Require.text(blobName, "blobName");
    }

    /** A file of the server without keys (owner ""). */
    public StoredFile(String id, String filename, String purpose, long bytes, long createdAt, String blobName) {
        this(id, filename, purpose, bytes, createdAt, blobName, "");
    }
}
