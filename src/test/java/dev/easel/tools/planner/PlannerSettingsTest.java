package dev.easel.tools.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerSettingsTest {

    @Test
    void directModeWhenNoUrl() {
        assertThat(PlannerSettings.fromEnvironment(Map.of())).isEmpty();
        assertThat(PlannerSettings.fromEnvironment(Map.of("EASEL_PLANNER_URL", "  ", "EASEL_PLANNER_MODEL", "m")))
                .isEmpty();
    }

    @Test
    void everyVariable() {
        Optional<PlannerSettings> settings = PlannerSettings.fromEnvironment(Map.of(
                "EASEL_PLANNER_URL", "https://api.example.com/v1/",
                "EASEL_PLANNER_MODEL", " gpt-4.1-mini ",
                "EASEL_PLANNER_API_KEY", "sk-abc",
                "EASEL_PLANNER_TIMEOUT_SECONDS", "45"));

        assertThat(settings)
                .contains(new PlannerSettings(
                        URI.create("https://api.example.com/v1"),
                        "gpt-4.1-mini",
                        Optional.of("sk-abc"),
                        Duration.ofSeconds(45)));
        assertThat(settings.orElseThrow().origin()).isEqualTo("https://api.example.com");
    }

    @Test
    void defaultsForKeyAndTimeout() {
        PlannerSettings settings = PlannerSettings.fromEnvironment(Map.of(
                        "EASEL_PLANNER_URL", "http://localhost:11434/v1",
                        "EASEL_PLANNER_MODEL", "qwen3:8b",
                        "EASEL_PLANNER_API_KEY", ""))
                .orElseThrow();

        assertThat(settings.apiKey()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(PlannerSettings.DEFAULT_TIMEOUT);
        assertThat(settings.origin()).isEqualTo("http://localhost:11434");
    }

    @Test
    void mistakesNameTheVariable() {
        assertThatThrownBy(() -> PlannerSettings.fromEnvironment(Map.of("EASEL_PLANNER_URL", "http://localhost/v1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EASEL_PLANNER_MODEL");
        assertThatThrownBy(() -> PlannerSettings.fromEnvironment(
                        Map.of("EASEL_PLANNER_URL", "localhost:11434", "EASEL_PLANNER_MODEL", "m")))
                .hasMessageStartingWith("EASEL_PLANNER_URL: ");
        assertThatThrownBy(() -> PlannerSettings.fromEnvironment(Map.of(
                        "EASEL_PLANNER_URL",
                        "http://x/v1",
                        "EASEL_PLANNER_MODEL",
                        "m",
                        "EASEL_PLANNER_TIMEOUT_SECONDS",
                        "0")))
                .hasMessageContaining("EASEL_PLANNER_TIMEOUT_SECONDS");
        assertThatThrownBy(() -> PlannerSettings.fromEnvironment(Map.of(
                        "EASEL_PLANNER_URL",
                        "http://x/v1",
                        "EASEL_PLANNER_MODEL",
                        "m",
                        "EASEL_PLANNER_TIMEOUT_SECONDS",
                        "soon")))
                .hasMessageContaining("EASEL_PLANNER_TIMEOUT_SECONDS");
    }

    @Test
    void secretsInTheUrlOrABrokenKeyAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> PlannerSettings.fromEnvironment(
                        Map.of("EASEL_PLANNER_URL", "http://user:hunter2@localhost/v1", "EASEL_PLANNER_MODEL", "m")))
                .hasMessageStartingWith("EASEL_PLANNER_URL: ")
                .message()
                .doesNotContain("hunter2");
        assertThatThrownBy(() -> PlannerSettings.fromEnvironment(Map.of(
                        "EASEL_PLANNER_URL",
                        "http://x/v1",
                        "EASEL_PLANNER_MODEL",
                        "m",
                        "EASEL_PLANNER_API_KEY",
                        "sk-one\nX-Evil: sk-two")))
                .hasMessageStartingWith("EASEL_PLANNER_API_KEY: ")
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
