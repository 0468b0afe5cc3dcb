package dev.easel.tools.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The settings as typed values; reading them from easel.yaml, the environment and flags is ConfigTest's. */
class PlannerSettingsTest {

    @Test
    void normalizesUrlModelAndKey() {
        PlannerSettings settings = new PlannerSettings(
                PlannerSettings.parseBaseUrl(" https://api.example.com/v1/ "),
                " gpt-4.1-mini ",
                Optional.of(" sk-abc "),
                Duration.ofSeconds(45));

        assertThat(settings)
                .isEqualTo(new PlannerSettings(
                        URI.create("https://api.example.com/v1"),
                        "gpt-4.1-mini",
                        Optional.of("sk-abc"),
                        Duration.ofSeconds(45)));
        assertThat(settings.origin()).isEqualTo("https://api.example.com");
    }

    @Test
    void blankKeyMeansNone() {
        PlannerSettings settings = new PlannerSettings(
                URI.create("http://localhost:11434/v1"), "qwen3:8b", Optional.of(""), PlannerSettings.DEFAULT_TIMEOUT);

        assertThat(settings.apiKey()).isEmpty();
        assertThat(settings.origin()).isEqualTo("http://localhost:11434");
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> PlannerSettings.parseBaseUrl("localhost:11434"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute http(s) URL");
        assertThatThrownBy(() -> PlannerSettings.parseBaseUrl("http://x/v1?key=1"))
                .hasMessageContaining("query");
        assertThatThrownBy(() -> new PlannerSettings(
                        URI.create("http://x/v1"), " ", Optional.empty(), PlannerSettings.DEFAULT_TIMEOUT))
                .hasMessageContaining("model");
        assertThatThrownBy(() -> new PlannerSettings(URI.create("http://x/v1"), "m", Optional.empty(), Duration.ZERO))
                .hasMessageContaining("timeout");
    }

    @Test
    void secretsInTheUrlOrABrokenKeyAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> PlannerSettings.parseBaseUrl("http://user:hunter2@localhost/v1"))
                .hasMessageContaining("user info")
                .message()
                .doesNotContain("hunter2");
        assertThatThrownBy(() -> PlannerSettings.parseBaseUrl("http://user:hunter2@local host/v1"))
                .message()
                .doesNotContain("hunter2");
        assertThatThrownBy(() -> new PlannerSettings(
                        URI.create("http://x/v1"),
                        "m",
                        Optional.of("sk-one\nX-Evil: sk-two"),
                        PlannerSettings.DEFAULT_TIMEOUT))
                .hasMessageContaining("API key")
                .message()
                .doesNotContain("sk-one", "sk-two");
    }

    @Test
    void toStringOmitsTheKey() {
        PlannerSettings settings = new PlannerSettings(
                URI.create("http://localhost:8080/v1"), "m", Optional.of("sk-hidden-99"), Duration.ofSeconds(3));

        assertThat(settings.toString())
                .doesNotContain("sk-hidden-99")
                .isEqualTo("PlannerSettings[baseUrl=http://localhost:8080/v1, model=m, apiKey=(set), timeout=PT3S]");
    }
}
