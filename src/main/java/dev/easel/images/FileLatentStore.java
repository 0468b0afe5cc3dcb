package dev.easel.images;

import dev.easel.engine.LatentStore;
import dev.easel.engine.Latents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Generated images' latents as small files in the data folder (about 64 KB for a 512x512 image),
 * named by the SHA-256 of their key. Writes are atomic (temp file, then move).
 */
public final class FileLatentStore implements LatentStore {
    private final Path dir;

    public FileLatentStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public Optional<Latents> load(String key) {
        Path file = file(key);
        try {
            return Files.exists(file) ? Optional.of(Latents.fromBytes(Files.readAllBytes(file))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void save(String key, Latents latents) {
        try {
            Path tmp = Files.createTempFile(dir, ".latents", ".tmp");
            Files.write(tmp, latents.toBytes());
            Files.move(tmp, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store latents in " + dir, e);
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
