package dev.easel.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Blobs as files in one folder of the data directory; writes are atomic (temp file, then move). */
public final class FileBlobStore implements BlobStore {
    private final Path dir;
    private final String prefix;
    private final RandomGenerator random;

    /**
     * @param random where blob names come from: they are the capability in image URLs, so
     *     production passes a {@link java.security.SecureRandom}
     */
    public FileBlobStore(Path dir, String prefix, RandomGenerator random) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.prefix = prefix;
        this.random = random;
    }

    @Override
    public String put(byte[] bytes, String extension) throws IOException {
        String name = BlobNames.issue(prefix, extension, random);
        Path tmp = Files.createTempFile(dir, ".upload", ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return name;
    }

    @Override
    public String nameFor(String key, String extension) {
        return BlobNames.keyed(prefix, key, extension);
    }

    @Override
    public void replace(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(BlobNames.checked(name));
        Path tmp = Files.createTempFile(dir, ".upload", ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public Optional<byte[]> get(String name) throws IOException {
        // Only names of the issued shape: no separators, so no way out of the folder.
        if (!BlobNames.issued(name)) {
            return Optional.empty();
        }
        Path file = dir.resolve(name);
        return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }

    /**
     * Deletes the blobs last written before {@code before} (and temporary files a crash left);
     * returns how many. Blobs being written meanwhile are temporary files until they are whole.
     */
    @Override
    public int deleteOlderThan(java.time.Instant before) throws IOException {
        int deleted = 0;
        try (var entries = Files.newDirectoryStream(dir)) {
            for (Path file : entries) {
                String name = file.getFileName().toString();
                boolean ours = BlobNames.issued(name) || name.startsWith(".upload");
                try {
                    if (ours
                            && Files.getLastModifiedTime(file).toInstant().isBefore(before)
                            && Files.deleteIfExists(file)) {
                        deleted++;
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // deleted meanwhile
                }
            }
        }
        return deleted;
    }

    @Override
    public boolean delete(String name) throws IOException {
        if (!BlobNames.issued(name)) {
            return false;
        }
        return Files.deleteIfExists(dir.resolve(name));
    }
}
