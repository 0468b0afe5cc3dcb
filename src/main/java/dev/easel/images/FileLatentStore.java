package dev.easel.images;

import dev.easel.engine.LatentStore;
import dev.easel.engine.Latents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generated images' latents as small files in the data folder (about 64 KB for a 512x512 image),
 * named by the SHA-256 of their key. Writes are atomic (temp file, then move). The folder is a
 * bounded cache: past {@code maxBytes} the least recently used files go (down to nine tenths of
 * it), so images made through the Images API, which keeps nothing else, do not fill the disk.
 */
public final class FileLatentStore implements LatentStore {
    /** The bound {@code easel serve} uses. */
    public static final long DEFAULT_MAX_BYTES = 2L << 30;

    private final Path dir;
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong();

    public FileLatentStore(Path dir, long maxBytes) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        for (Path file : files()) {
            bytes.addAndGet(sizeOf(file));
        }
    }

    @Override
    public Optional<Latents> load(String key) {
        Path file = file(key);
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            Optional<Latents> latents = Optional.of(Latents.fromBytes(Files.readAllBytes(file)));
            Files.setLastModifiedTime(file, FileTime.from(Instant.now())); // recently used
            return latents;
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void save(String key, Latents latents) {
        try {
            Path tmp = Files.createTempFile(dir, ".latents", ".tmp");
            byte[] data = latents.toBytes();
            Files.write(tmp, data);
            Path file = file(key);
            long replaced = sizeOf(file);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (bytes.addAndGet(data.length - replaced) > maxBytes) {
                evict();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store latents in " + dir, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Path file = file(key);
            long size = sizeOf(file);
            if (Files.deleteIfExists(file)) {
                bytes.addAndGet(-size);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete latents in " + dir, e);
        }
    }

    /** Deletes the least recently used files until the folder holds nine tenths of its bound. */
    private synchronized void evict() throws IOException {
        if (bytes.get() <= maxBytes) {
            return; // another save evicted meanwhile
        }
        List<Path> oldestFirst = new ArrayList<>(files());
        oldestFirst.sort(Comparator.comparing(FileLatentStore::modified));
        for (Path file : oldestFirst) {
            if (bytes.get() <= maxBytes / 10 * 9) {
                break;
            }
            long size = sizeOf(file);
            if (Files.deleteIfExists(file)) {
                bytes.addAndGet(-size);
            }
        }
    }

    private List<Path> files() throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".lat"))
                    .toList();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // absent
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private Path file(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(digest) + ".lat");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
