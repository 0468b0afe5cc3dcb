package dev.easel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} does, written once: each implementation's test extends it and says how to make
 * two stores of different prefixes side by side (two image folders in one data directory, or two key prefixes
 * in one bucket).
 */
abstract class BlobStoreContract {
    /** A new, empty store; {@code area} tells stores that must not see each other's blobs apart. */
    abstract BlobStore store(String area, String prefix) throws IOException;

    @Test
    void whatIsPutIsGotBackUnderAnUnguessableNameOfItsExtension() throws IOException {
        BlobStore blobs = store("a", "img");
        byte[] big = new byte[3 << 20];
        new Random(7).nextBytes(big);
        String small = blobs.put(new byte[] {1, 2, 3}, "png");
        String large = blobs.put(big, "webp");
        assertThat(small).matches("img_[0-9a-f]{32}\\.png");
        assertThat(large).matches("img_[0-9a-f]{32}\\.webp").isNotEqualTo(small);
        assertThat(blobs.get(small)).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        assertThat(blobs.get(large)).hasValueSatisfying(b -> assertThat(b).isEqualTo(big));
        assertThat(blobs.put(new byte[0], "png"))
                .satisfies(empty -> assertThat(blobs.get(empty))
                        .hasValueSatisfying(b -> assertThat(b).isEmpty()));
    }

    @Test
    void namesItNeverIssuedAreAbsent() throws IOException {
        BlobStore blobs = store("a", "img");
        String name = blobs.put(new byte[] {9}, "png");
        for (String stranger : List.of(
                "img_" + "0".repeat(32) + ".png", "../" + name, name + "/", "IMG" + name.substring(3), "", "x.png")) {
            assertThat(blobs.get(stranger)).as(stranger).isEmpty();
            assertThat(blobs.delete(stranger)).as(stranger).isFalse();
        }
        assertThat(blobs.get(name)).isPresent();
    }

    @Test
    void deleteRemovesOnceAndSaysWhetherThereWasOne() throws IOException {
        BlobStore blobs = store("a", "file");
        String name = blobs.put(new byte[] {4}, "jpeg");
        assertThat(blobs.delete(name)).isTrue();
        assertThat(blobs.get(name)).isEmpty();
        assertThat(blobs.delete(name)).isFalse();
    }

    @Test
    void deleteOlderThanTakesOnlyItsOwnOlderBlobs() throws IOException {
        BlobStore mine = store("a", "img");
        BlobStore other = store("b", "img");
        String a = mine.put(new byte[] {1}, "png");
        String b = mine.put(new byte[] {2}, "png");
        String theirs = other.put(new byte[] {3}, "png");
        assertThat(mine.deleteOlderThan(Instant.now().minusSeconds(3600))).isZero();
        assertThat(mine.get(a)).isPresent();
        assertThat(mine.deleteOlderThan(Instant.now().plusSeconds(60))).isEqualTo(2);
        assertThat(mine.get(a)).isEmpty();
        assertThat(mine.get(b)).isEmpty();
        assertThat(other.get(theirs)).isPresent();
        assertThat(mine.get(theirs)).as("another area's blob").isEmpty();
    }

    @Test
    void concurrentPutsAllLandUnderDistinctNames() throws Exception {
        BlobStore blobs = store("a", "img");
        List<Future<String>> puts = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 32; i++) {
                byte value = (byte) i;
                puts.add(pool.submit(() -> blobs.put(new byte[] {value}, "png")));
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < puts.size(); i++) {
            String name = puts.get(i).get();
            names.add(name);
            byte value = (byte) i;
            assertThat(blobs.get(name)).hasValueSatisfying(b -> assertThat(b).containsExactly(value));
        }
        assertThat(names).hasSize(32);
    }

    @Test
    void aKeyedBlobIsFoundByItsKeyAndReplacedWhole() throws IOException {
        BlobStore blobs = store("a", "lat");
        BlobStore other = store("b", "lat");
        String name = blobs.nameFor("image ig_1 at 512x512", "lat");
        assertThat(name).matches("lat_[0-9a-f]{32}\\.lat").isEqualTo(other.nameFor("image ig_1 at 512x512", "lat"));
        assertThat(blobs.nameFor("image ig_2 at 512x512", "lat")).isNotEqualTo(name);
        assertThat(blobs.get(name)).isEmpty();

        blobs.replace(name, new byte[] {1, 2});
        blobs.replace(name, new byte[] {3});
        assertThat(blobs.get(name)).hasValueSatisfying(b -> assertThat(b).containsExactly(3));
        assertThat(other.get(name)).as("another area").isEmpty();
        assertThat(blobs.delete(name)).isTrue();
        assertThat(blobs.get(name)).isEmpty();
        for (String stranger : List.of("../" + name, name + "/", "x.lat")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> blobs.replace(stranger, new byte[] {1}))
                    .as(stranger)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
