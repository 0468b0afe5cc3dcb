package dev.easel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, then easel.yaml, then EASEL_* variables, then flags: each source overrides the one before. */
class ConfigTest {

    @Test
    void laterSourcesOverrideEarlierOnes(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("easel.yaml");
        Files.writeString(yaml, """
                port: 9000
                queue_size: 4
                models_dir: /srv/models
                model_aliases:
                  gpt-image-1: sd-turbo
                  dall-e-3: sd15
                """);
        Config config = Config.load(
                Optional.of(yaml),
                Map.of(
                        "EASEL_QUEUE_SIZE",
                        "8",
                        "EASEL_WORKERS",
                        "2",
                        "PATH",
                        "/usr/bin",
                        "EASEL_PLANNER_URL",
                        "http://localhost:11434/v1"));
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.queueSize()).isEqualTo(8);
        assertThat(config.workers()).isEqualTo(2);
        assertThat(config.modelsDir()).isEqualTo(Path.of("/srv/models"));
        assertThat(config.modelAliases())
                .containsExactly(Map.entry("gpt-image-1", "sd-turbo"), Map.entry("dall-e-3", "sd15"));
        assertThat(config.dataDir()).isEqualTo(Config.defaults().dataDir());

        Config flagged = config.with(Map.of("port", "0", "data_dir", "/tmp/x"));
        assertThat(flagged.port()).isZero();
        assertThat(flagged.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(flagged.queueSize()).isEqualTo(8);
    }

    @Test
    void aliasesFromTheEnvironmentAndBadValuesAreRefusedWithTheirNames() throws IOException {
        Config config = Config.load(Optional.empty(), Map.of("EASEL_MODEL_ALIASES", "gpt-image-1=demo, dall-e-2=tiny"));
        assertThat(config.modelAliases()).containsEntry("gpt-image-1", "demo").containsEntry("dall-e-2", "tiny");
        assertThatThrownBy(() -> Config.load(Optional.empty(), Map.of("EASEL_PORT", "eighty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> Config.load(Optional.empty(), Map.of("EASEL_MODEL_ALIASES", "gpt-image-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alias=model");
        assertThatThrownBy(() -> Config.load(Optional.of(Path.of("/nonexistent/easel.yaml")), Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
    }
}
