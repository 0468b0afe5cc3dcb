package dev.easel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.Config;
import dev.easel.engine.OrtRuntime;
import dev.easel.engine.text.EditDistance;
import dev.easel.safety.UrlPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Defaults, then easel.yaml, then environment variables, then flags: each source overrides the one before. */
class ConfigSourcesTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void readsEveryGroupFromTheFileAsTypedValues() throws IOException {
        Config config = load(yaml("""
                port: 9000
                queue_size: 4
                models_dir: /srv/models
                device: CPU
                model_aliases:
                  gpt-image-1: sd-turbo
                  dall-e-3: sd15
                planner:
                  url: http://localhost:11434/v1/
                  model: qwen3:8b
                  api_key: sk-file
                  timeout_seconds: 30
                url:
                  allow: [images.corp.example, "127.0.0.1:8081"]
                hub:
                  endpoint: https://mirror.example/hf
                  token: hf_file
                  timeout_seconds: 5
                """), Map.of(), Map.of());

        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.queueSize()).isEqualTo(4);
        assertThat(config.modelsDir()).isEqualTo(Path.of("/srv/models"));
        assertThat(config.device()).isEqualTo(OrtRuntime.Device.CPU);
        assertThat(config.modelAliases())
                .containsExactly(Map.entry("gpt-image-1", "sd-turbo"), Map.entry("dall-e-3", "sd15"));
        assertThat(config.dataDir()).isEqualTo(Config.defaults().dataDir());
        assertThat(config.planner().url()).contains(URI.create("http://localhost:11434/v1"));
        assertThat(config.planner().model()).isEqualTo("qwen3:8b");
        assertThat(config.planner().apiKey()).contains(new Config.Secret("sk-file"));
        assertThat(config.planner().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.planner().settings().orElseThrow().apiKey()).contains("sk-file");
        assertThat(config.url().allow())
                .isEqualTo(new UrlPolicy(
                        List.of("images.corp.example"), List.of(new UrlPolicy.HostPort("127.0.0.1", 8081))));
        assertThat(config.hub().settings().endpoint()).isEqualTo(URI.create("https://mirror.example/hf"));
        assertThat(config.hub().settings().token()).contains("hf_file");
        assertThat(config.hub().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(warnings).isEmpty();
    }

    /** One representative per group: server, planner, url guard, hub. */
    @ParameterizedTest
    @CsvSource({
        "queue_size,    EASEL_QUEUE_SIZE,    --queue-size,    4,                 8,                 12",
        "planner.model, EASEL_PLANNER_MODEL, --planner-model, file-model,        env-model,         flag-model",
        "url.allow,     EASEL_URL_ALLOW,     --url-allow,     a.example,         b.example,         c.example",
        "hub.endpoint,  HF_ENDPOINT,         --hub-endpoint,  https://a.example, https://b.example, https://c.example",
        "hub.token,     HF_TOKEN,            --hub-token,     hf_a,              hf_b,              hf_c",
    })
    void eachLayerOverridesTheOneBefore(
            String key, String env, String flag, String inFile, String inEnv, String inFlags) throws IOException {
        Config.Setting<?> setting = setting(key);
        assertThat(setting.env()).isEqualTo(env);
        assertThat(setting.flag()).isEqualTo(flag);
        Path file =
                yaml(key.contains(".") ? key.replace(".", ":\n  ") + ": " + inFile + "\n" : key + ": " + inFile + "\n");

        assertThat(value(setting, load(Optional.empty(), Map.of(), Map.of())))
                .isEqualTo(setting.read().apply(Config.defaults()));
        assertThat(value(setting, load(file, Map.of(), Map.of()))).isEqualTo(parsed(setting, inFile));
        assertThat(value(setting, load(file, Map.of(env, inEnv), Map.of()))).isEqualTo(parsed(setting, inEnv));
        assertThat(value(setting, load(file, Map.of(env, inEnv), Map.of(key, inFlags))))
                .isEqualTo(parsed(setting, inFlags));
        assertThat(value(setting, load(Optional.empty(), Map.of(), Map.of(key, inFlags))))
                .isEqualTo(parsed(setting, inFlags));
    }

    @Test
    void theExistingPlannerVariablesStillWork() throws IOException {
        Config config = load(
                Optional.empty(),
                Map.of(
                        "EASEL_PLANNER_URL", "https://api.example.com/v1",
                        "EASEL_PLANNER_MODEL", "gpt-4.1-mini",
                        "EASEL_PLANNER_API_KEY", "sk-abc",
                        "EASEL_PLANNER_TIMEOUT_SECONDS", "45",
                        "EASEL_URL_ALLOW", "corp.example,10.0.0.5:443",
                        "EASEL_MODEL_ALIASES", "gpt-image-1=demo, dall-e-2=tiny",
                        "PATH", "/usr/bin"),
                Map.of());

        assertThat(config.planner().settings().orElseThrow().toString())
                .isEqualTo(
                        "PlannerSettings[baseUrl=https://api.example.com/v1, model=gpt-4.1-mini, apiKey=(set), timeout=PT45S]");
        assertThat(config.url().allow().allowedHostPorts()).containsExactly(new UrlPolicy.HostPort("10.0.0.5", 443));
        assertThat(config.modelAliases()).containsEntry("gpt-image-1", "demo").containsEntry("dall-e-2", "tiny");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aBlankPlannerUrlMeansDirectModeAndAUrlNeedsAModel() {
        assertThat(Config.defaults()
                        .with(Map.of("planner.url", "  ", "planner.model", "m"))
                        .planner()
                        .settings())
                .isEmpty();
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("EASEL_PLANNER_URL", "http://localhost/v1"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("planner.url is set (from EASEL_PLANNER_URL) but planner.model is not: set planner.model"
                        + " (EASEL_PLANNER_MODEL, --planner-model) to the model the planner endpoint serves");
    }

    @Test
    void anUnknownKeyNamesTheNearestKnownOne() throws IOException {
        assertUnknown("queue_sise: 4\n", "queue_sise", "queue_size");
        assertUnknown("planner:\n  modle: m\n", "planner.modle", "planner.model");
        assertUnknown("api_key: sk-1\n", "api_key", "planner.api_key");
        assertUnknown("planer:\n  url: http://x/v1\n", "planer", "planner");
        assertUnknown("models: /srv/models\n", "models", "models_dir");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("max_body_byte", "1")))
                .hasMessage("unknown setting 'max_body_byte' among the flags; did you mean 'max_body_bytes'?");
    }

    @Test
    void badValuesNameTheSettingAndTheirSource() throws IOException {
        Path file = yaml("port: eighty\n");
        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid port in " + file + ": must be a whole number 0 to 65535, got 'eighty'");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("EASEL_QUEUE_SIZE", "0"), Map.of()))
                .hasMessage("invalid queue_size from EASEL_QUEUE_SIZE: must be a whole number of at least 1, got '0'");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("device", "gpu")))
                .hasMessage("invalid device from --device: device must be auto, cpu or cuda: gpu");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("EASEL_PLANNER_TIMEOUT_SECONDS", "soon"), Map.of()))
                .hasMessageStartingWith("invalid planner.timeout_seconds from EASEL_PLANNER_TIMEOUT_SECONDS:");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("url.allow", "10.0.0.5")))
                .hasMessageStartingWith("invalid url.allow from --url-allow: entry \"10.0.0.5\" is neither a domain");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("EASEL_MODEL_ALIASES", "gpt-image-1"), Map.of()))
                .hasMessage("invalid model_aliases from EASEL_MODEL_ALIASES: entries look like alias=model,"
                        + " got 'gpt-image-1'");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("HF_ENDPOINT", "huggingface.co"), Map.of()))
                .hasMessageStartingWith("invalid hub.endpoint from HF_ENDPOINT: hub endpoint must be an absolute");
    }

    @Test
    void yamlShapesAreCheckedToo() throws IOException {
        Path list = yaml("port: [1, 2]\n");
        assertThatThrownBy(() -> load(list, Map.of(), Map.of()))
                .hasMessage("invalid port in " + list + ": expected a single value, got a list");
        Path section = yaml("planner: http://localhost/v1\n");
        assertThatThrownBy(() -> load(section, Map.of(), Map.of()))
                .hasMessage(
                        "'planner' in " + section
                                + " is a section of settings (url, model, api_key, timeout_seconds, allowed_models), not a value");
        Path broken = yaml("port: 1\n  queue_size: [\n");
        assertThatThrownBy(() -> load(broken, Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(broken + " is not valid YAML: ");
        Path scalar = yaml("just text\n");
        assertThatThrownBy(() -> load(scalar, Map.of(), Map.of()))
                .hasMessage(scalar + " must hold settings as `key: value` lines");
        assertThat(load(yaml("# nothing yet\n"), Map.of(), Map.of())).isEqualTo(Config.defaults());
        assertThat(load(yaml("default_model:\nplanner:\n"), Map.of(), Map.of())).isEqualTo(Config.defaults());
        assertThatThrownBy(() -> load(Optional.of(dir.resolve("missing.yaml")), Map.of(), Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void secretsAreRedactedAndNeverEchoed() throws IOException {
        Config config = load(
                Optional.empty(),
                Map.of(
                        "EASEL_PLANNER_URL",
                        "http://localhost/v1",
                        "EASEL_PLANNER_MODEL",
                        "m",
                        "EASEL_PLANNER_API_KEY",
                        "sk-secret-1",
                        "HF_TOKEN",
                        "hf_secret_2"),
                Map.of());

        assertThat(config.toString())
                .doesNotContain("sk-secret-1", "hf_secret_2")
                .contains("apiKey=Optional[<redacted>]", "token=Optional[<redacted>]");
        assertThat(config.planner().toString() + config.hub() + config.hub().settings())
                .doesNotContain("sk-secret-1", "hf_secret_2");
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("HF_TOKEN", "hf_a\nX-Evil: hf_b"), Map.of()))
                .hasMessage("invalid hub.token from HF_TOKEN: contains whitespace or non-ASCII characters"
                        + " (value not shown)");
        assertThatThrownBy(() -> load(
                        Optional.empty(),
                        Map.of(),
                        Map.of("planner.url", "http://user:hunter2@localhost/v1", "planner.model", "m")))
                .hasMessageStartingWith("invalid planner.url from --planner-url: ")
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void unknownEaselVariablesAreIgnoredWithAWarningAndOldNamesStillWork() throws IOException {
        Config config = load(
                Optional.empty(),
                Map.of(
                        "EASEL_QUEUE_SIZ", "3",
                        "EASEL_MODELS", "/srv/old-models",
                        "EASEL_MODEL", "models/demo",
                        "HF_HOME", "/cache",
                        "HOME", "/root"),
                Map.of());

        assertThat(config.queueSize()).isEqualTo(Config.defaults().queueSize());
        assertThat(config.modelsDir()).isEqualTo(Path.of("/srv/old-models"));
        assertThat(warnings)
                .containsExactly(
                        "EASEL_MODELS is deprecated; set EASEL_MODELS_DIR instead",
                        "ignoring EASEL_QUEUE_SIZ, which is not a setting; did you mean EASEL_QUEUE_SIZE?");
        assertThat(load(Optional.empty(), Map.of("EASEL_DATA", "/old", "EASEL_DATA_DIR", "/new"), Map.of())
                        .dataDir())
                .isEqualTo(Path.of("/new"));
    }

    @Test
    void editDistance() {
        assertThat(EditDistance.between("queue_sise", "queue_size")).isEqualTo(1);
        assertThat(EditDistance.between("", "abc")).isEqualTo(3);
        assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
    }

    private void assertUnknown(String text, String key, String nearest) throws IOException {
        Path file = yaml(text);
        assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown setting '" + key + "' in " + file + "; did you mean '" + nearest + "'?");
    }

    private Config load(Path file, Map<String, String> env, Map<String, String> flags) throws IOException {
        return load(Optional.of(file), env, flags);
    }

    private Config load(Optional<Path> file, Map<String, String> env, Map<String, String> flags) throws IOException {
        return new ConfigSources(file, env, flags).load(warnings::add);
    }

    private int files;

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("easel-" + files++ + ".yaml"), text);
    }

    private static Config.Setting<?> setting(String key) {
        return Config.settings().stream()
                .filter(s -> s.key().equals(key))
                .findFirst()
                .orElseThrow();
    }

    private static Object value(Config.Setting<?> setting, Config config) {
        return setting.read().apply(config);
    }

    private static Object parsed(Config.Setting<?> setting, String text) {
        return setting.parse().apply(text);
    }
}
