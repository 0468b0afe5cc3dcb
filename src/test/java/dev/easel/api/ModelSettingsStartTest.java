package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.Config;
import dev.easel.Easel;
import dev.easel.engine.ModelLoadException;
import dev.easel.engine.synth.SyntheticModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose own settings it cannot run stops the server at startup, naming the folder and the
 * key, rather than failing every request for it later.
 */
class ModelSettingsStartTest {
    @Test
    void aModelWithMoreDefaultStepsThanItsSchedulerRunsIsRefusedAtStartup(@TempDir Path dir) throws Exception {
        Path models = dir.resolve("models");
        SyntheticModel.write(models.resolve("good"), SyntheticModel.Shape.TINY, 42);
        Path bad = models.resolve("many-steps");
        SyntheticModel.write(bad, SyntheticModel.Shape.TINY, 42);
        Files.writeString(bad.resolve("easel.json"), "{\"steps\": 1000}");
        Config config = Config.defaults()
                .with(Map.of(
                        "port", "0",
                        "host", "127.0.0.1",
                        "models_dir", models.toString(),
                        "default_model", "good",
                        "default_model_repo", "",
                        "device", "cpu",
                        "data_dir", dir.resolve("data").toString()));
        assertThatThrownBy(() -> Easel.start(config))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("model folder " + bad + ": easel.json 'steps' is 1000");
    }
}
