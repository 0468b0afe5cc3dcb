package dev.easel.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.store.FileBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobLatentStoreTest {
    @TempDir
    Path dir;

    @Test
    void latentsComeBackByKeyFromAnyStoreOnTheSameBlobs() throws IOException {
        Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        var blobs = new FileBlobStore(dir, "lat", new SecureRandom());
        var a = new BlobLatentStore(blobs, Duration.ofDays(7), clock);
        var b = new BlobLatentStore(new FileBlobStore(dir, "lat", new SecureRandom()), Duration.ofDays(7), clock);

        a.save("ig_1", FileLatentStoreTest.latents(1));
        assertThat(b.load("ig_1")).hasValueSatisfying(l -> assertThat(l.data()).containsOnly(1f));
        assertThat(b.load("ig_2")).isEmpty();
        b.save("ig_1", FileLatentStoreTest.latents(2));
        assertThat(a.load("ig_1")).hasValueSatisfying(l -> assertThat(l.data()).containsOnly(2f));
        a.delete("ig_1");
        assertThat(b.load("ig_1")).isEmpty();

        Files.write(dir.resolve(blobs.nameFor("ig_3", "lat")), new byte[] {1, 2, 3});
        assertThat(a.load("ig_3")).as("an unreadable entry is a miss").isEmpty();
    }

    @Test
    void aSaveSweepsEntriesPastTheirAgeAtMostOnceAnHour() throws Exception {
        var blobs = new FileBlobStore(dir, "lat", new SecureRandom());
        Instant now = Instant.now();
        new BlobLatentStore(blobs, Duration.ofDays(7), Clock.fixed(now, ZoneOffset.UTC))
                .save("old", FileLatentStoreTest.latents(1));
        Clock weekLater = Clock.fixed(now.plus(Duration.ofDays(8)), ZoneOffset.UTC);
        var store = new BlobLatentStore(blobs, Duration.ofDays(7), weekLater);

        store.save(
                "new",
                FileLatentStoreTest.latents(2)); // sweeps what was written before now + 1 day: "old", and "new" too
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.load("old").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.load("old")).as("swept").isEmpty();
        while (store.load("new").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        store.save("newer", FileLatentStoreTest.latents(3)); // within the hour: no second sweep
        Thread.sleep(300);
        assertThat(store.load("newer")).isPresent();
    }
}
