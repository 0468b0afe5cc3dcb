package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.Config;
import dev.easel.Easel;
import dev.easel.engine.TestModels;
import dev.easel.engine.synth.SyntheticModel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails half-way leaves nothing open behind it. */
class StartFailureTest {
    @Test
    void aBusyPortFailsTheStartAndClosesTheStorageItOpened(@TempDir Path dir) throws Exception {
        Path models = TestModels.folder(SyntheticModel.Shape.TINY).getParent();
        Path data = dir.resolve("data");
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Config config = Config.defaults()
                    .with(Map.of(
                            "port", Integer.toString(busy.getLocalPort()),
                            "host", "127.0.0.1",
                            "models_dir", models.toString(),
                            "default_model", "tiny",
                            "data_dir", data.toString()));
            assertThatThrownBy(() -> Easel.start(config)).isInstanceOf(RuntimeException.class);
        }
        // SQLite removes its WAL file when the last connection closes: the storage was closed.
        assertThat(data.resolve("easel.db")).exists();
        assertThat(Files.exists(data.resolve("easel.db-wal")))
                .as("easel.db-wal still there: the failed start left its storage open")
                .isFalse();
    }
}
