package dev.easel.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.Latents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLatentStoreTest {
    @TempDir
    Path dir;

    static Latents latents(float value) {
        float[] data = new float[4 * 8 * 8];
        java.util.Arrays.fill(data, value);
        return new Latents(4, 8, 8, data);
    }

    private long size() throws IOException {
        try (var files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void pastItsBoundTheLeastRecentlyUsedGo() throws IOException {
        long one = latents(0).toBytes().length;
        FileLatentStore store = new FileLatentStore(dir, 3 * one);
        store.save("a", latents(1));
        store.save("b", latents(2));
        store.save("c", latents(3));
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(60)));
            }
        }
        assertThat(store.load("a")).isPresent(); // now the most recently used

        store.save("d", latents(4));
        assertThat(size()).isLessThanOrEqualTo(3 * one);
        assertThat(store.load("a")).isPresent();
        assertThat(store.load("d")).isPresent();
        assertThat(store.load("b")).as("the least recently used").isEmpty();

        store.delete("a");
        assertThat(store.load("a")).isEmpty();
        FileLatentStore reopened = new FileLatentStore(dir, 3 * one);
        reopened.save("e", latents(5));
        reopened.save("f", latents(6));
        assertThat(size()).isLessThanOrEqualTo(3 * one);
    }
}
