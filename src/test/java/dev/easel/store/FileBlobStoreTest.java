package dev.easel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {
    @TempDir
    Path dir;

    @Test
    void blobsWrittenBeforeAnInstantAreDeletedAndNothingElse() throws IOException {
        FileBlobStore blobs = new FileBlobStore(dir, "img", new Random(1));
        String old = blobs.put(new byte[] {1}, "png");
        String fresh = blobs.put(new byte[] {2}, "png");
        Instant now = Instant.now();
        Files.setLastModifiedTime(dir.resolve(old), FileTime.from(now.minusSeconds(7200)));
        Path stranger = Files.writeString(dir.resolve("notes.txt"), "not a blob");
        Files.setLastModifiedTime(stranger, FileTime.from(now.minusSeconds(7200)));

        assertThat(blobs.deleteOlderThan(now.minusSeconds(3600))).isEqualTo(1);
        assertThat(blobs.get(old)).isEmpty();
        assertThat(blobs.get(fresh)).hasValueSatisfying(b -> assertThat(b).containsExactly(2));
        assertThat(stranger).exists();
    }
}
