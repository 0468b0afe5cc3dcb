package dev.easel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.safety.UrlPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed tree and its table of settings; reading the layers is ConfigSourcesTest's. */
class ConfigTest {

    @Test
    void defaultsAreDirectModePublicUrlsAndHuggingFace() {
        Config config = Config.defaults();

        assertThat(config.planner().settings()).isEmpty();
        assertThat(config.url().allow()).isEqualTo(UrlPolicy.publicOnly());
        assertThat(config.hub().endpoint()).isEqualTo(URI.create("https://huggingface.co"));
        assertThat(config.hub().token()).isEmpty();
        assertThat(config.port()).isEqualTo(8080);
    }

    @Test
    void everySettingHasDistinctNamesAndOneReadmeRow() throws IOException {
        List<Config.Setting<?>> settings = Config.settings();
        assertThat(settings).extracting(Config.Setting::key).doesNotHaveDuplicates();
        assertThat(settings).extracting(Config.Setting::env).doesNotHaveDuplicates();
        assertThat(settings).extracting(Config.Setting::flag).doesNotHaveDuplicates();
        String readme = Files.readString(Path.of("README.md"));
        for (Config.Setting<?> s : settings) {
            assertThat(readme)
                    .as("README row for %s", s.key())
                    .contains("| `" + s.key() + "` | `" + s.env() + "` | `" + s.flag() + " "
                            + s.label().replace("|", "\\|") + "` |");
        }
    }

    /** All settings at once, each to a value no other setting of its type has: a miswired field shows. */
    @Test
    void everySettingReachesItsOwnField() throws IOException {
        Map<String, String> samples = new LinkedHashMap<>();
        samples.put("host", "192.0.2.1");
        samples.put("port", "9");
        samples.put("models_dir", "/m");
        samples.put("data_dir", "/d");
        samples.put("default_model", "demo");
        samples.put("model_aliases", "a=b");
        samples.put("default_model_repo", "o/n");
        samples.put("matting_model", "birefnet");
        samples.put("queue_size", "3");
        samples.put("workers", "2");
        samples.put("max_body_bytes", "2048");
        samples.put("max_image_pixels", "5000");
        samples.put("stream_buffer_bytes", "65536");
        samples.put("device", "cuda");
        samples.put("threads", "4");
        samples.put("embedding_cache_bytes", "7");
        samples.put("latent_cache_bytes", "11");
        samples.put("planner.url", "http://p.example/v1");
        samples.put("planner.model", "pm");
        samples.put("planner.api_key", "sk-1");
        samples.put("planner.timeout_seconds", "7");
        samples.put("planner.allowed_models", "m1,m2");
        samples.put("url.allow", "x.example");
        samples.put("public_url", "https://images.example");
        samples.put("cors.allowed_origins", "https://app.example,http://localhost:5173");
        samples.put("hub.endpoint", "https://h.example");
        samples.put("hub.token", "hf_1");
        samples.put("hub.timeout_seconds", "8");
        samples.put("mcp.connect_timeout_seconds", "3");
        samples.put("mcp.list_timeout_seconds", "4");
        samples.put("mcp.call_timeout_seconds", "5");
        samples.put("search.provider", "brave");
        samples.put("search.url", "https://search.example");
        samples.put("search.api_key", "bk-1");
        samples.put("search.timeout_seconds", "6");
        samples.put("auth.api_keys", "admin:0123456789abcdef0123456789abcdef");
        samples.put("auth.keys_file", "keys.txt");
        samples.put("insecure_no_auth", "true");
        samples.put("limits.requests_per_minute", "61");
        samples.put("limits.images_per_minute", "62");
        samples.put("limits.concurrent_streams", "63");
        samples.put("limits.stored_bytes", "64");
        samples.put("moderation.enabled", "false");
        samples.put("moderation.policy_file", "policy.yaml");
        samples.put("moderation.log_prompts", "true");
        samples.put("moderation.image_classifier", "nsfw-detector");
        samples.put("moderation.image_classifier_labels", "nsfw,porn");
        samples.put("moderation.text_classifier", "toxic-bert");
        samples.put("moderation.text_classifier_labels", "toxic,obscene");
        samples.put("provenance.c2pa", "false");
        samples.put("provenance.signing_key", "signer-key.pem");
        samples.put("provenance.signing_certificate", "signer.pem");
        samples.put("provenance.watermark", "false");
        samples.put("blobs.s3_bucket", "bkt");
        samples.put("blobs.s3_endpoint", "https://s3.example");
        samples.put("blobs.s3_region", "eu-west-3");
        samples.put("blobs.s3_path_style", "true");
        samples.put("blobs.s3_prefix", "p/");
        samples.put("blobs.s3_access_key_id", "AKIA1");
        samples.put("blobs.s3_secret_access_key", "sec-1");
        samples.put("store.postgres_url", "jdbc:postgresql://db.example:5432/easel");
        samples.put("store.postgres_user", "images");
        samples.put("store.postgres_password", "pg-1");
        samples.put("store.postgres_pool_size", "5");
        samples.put("role", "worker");
        samples.put("queue.redis_url", "redis://:pw@q.example:6379/2");
        samples.put("queue.worker_grace", "5");
        samples.put("queue.worker_port", "9100");
        samples.put("engine.memory", "low");
        samples.put("engine.unet_precision", "int8");
        samples.put("engine.final_decoder", "taesd");
        samples.put("engine.guidance_interval", "0.6");
        samples.put("engine.fuse_attention", "false");
        samples.put("engine.batch", "on");
        samples.put("engine.max_batch", "13");
        samples.put("engine.inpaint_area", "around_mask");
        assertThat(samples.keySet())
                .containsExactlyElementsOf(
                        Config.settings().stream().map(Config.Setting::key).toList());

        Config config = Config.defaults().with(samples);

        for (Config.Setting<?> s : Config.settings()) {
            assertThat(value(s, config)).as(s.key()).isEqualTo(parsed(s, samples.get(s.key())));
            assertThat(value(s, config)).as(s.key()).isNotEqualTo(value(s, Config.defaults()));
        }
        assertThat(config.with(Map.of())).isEqualTo(config);
    }

    @Test
    void overridesByKeyAreCheckedLikeAnyOtherLayer() {
        assertThatThrownBy(() -> Config.defaults().with(Map.of("max_body_byte", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown setting 'max_body_byte'");
        assertThatThrownBy(() -> Config.defaults().with(Map.of("workers", "0")))
                .hasMessage("invalid workers: must be a whole number 1 to 1024, got '0'");
        assertThatThrownBy(() -> Config.defaults().with(Map.of("planner.url", "http://localhost/v1")))
                .hasMessageStartingWith("planner.url is set but planner.model is not");
        assertThat(Config.defaults()
                        .with(Map.of("planner.url", "  ", "planner.model", "m"))
                        .planner()
                        .settings())
                .isEmpty();
    }

    @Test
    void batchingIsAutoUpToFourImagesAndBadValuesSayWhatIsExpected() {
        assertThat(Config.defaults().engine().batch()).isEqualTo(dev.easel.engine.BatchMode.AUTO);
        assertThat(Config.defaults().engine().maxBatch()).isEqualTo(4);
        assertThat(Config.defaults()
                        .with(Map.of("engine.batch", " OFF "))
                        .engine()
                        .batch())
                .isEqualTo(dev.easel.engine.BatchMode.OFF);
        assertThatThrownBy(() -> Config.defaults().with(Map.of("engine.batch", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid engine.batch: batch must be auto, on or off: yes");
        assertThatThrownBy(() -> Config.defaults().with(Map.of("engine.max_batch", "0")))
                .hasMessage("invalid engine.max_batch: must be a whole number 1 to 64, got '0'");
        assertThatThrownBy(() -> Config.defaults().with(Map.of("engine.max_batch", "65")))
                .hasMessage("invalid engine.max_batch: must be a whole number 1 to 64, got '65'");
        assertThatThrownBy(() -> Config.defaults().with(Map.of("engine.max_batch", "two")))
                .hasMessage("invalid engine.max_batch: must be a whole number 1 to 64, got 'two'");
    }

    @Test
    void secretsAreRedactedWhereverTheConfigIsPrinted() {
        Config config = Config.defaults()
                .with(Map.of(
                        "planner.url",
                        "http://localhost/v1",
                        "planner.model",
                        "m",
                        "planner.api_key",
                        "sk-secret-1",
                        "hub.token",
                        "hf_secret_2"));

        assertThat(config.toString())
                .doesNotContain("sk-secret-1", "hf_secret_2")
                .contains("apiKey=Optional[<redacted>]", "token=Optional[<redacted>]");
        assertThat(String.join(
                        " ",
                        config.planner().toString(),
                        config.hub().toString(),
                        config.planner().settings().orElseThrow().toString(),
                        config.hub().settings().toString()))
                .doesNotContain("sk-secret-1", "hf_secret_2");
        assertThat(config.planner().settings().orElseThrow().apiKey()).contains("sk-secret-1");
        assertThat(config.hub().settings().token()).contains("hf_secret_2");
        assertThat(new Config.Secret("x")).hasToString("<redacted>");
        assertThatThrownBy(() -> new Config.Secret("hf_a hf_b")).message().doesNotContain("hf_a", "hf_b");
    }

    private static Object value(Config.Setting<?> setting, Config config) {
        return setting.read().apply(config);
    }

    private static Object parsed(Config.Setting<?> setting, String text) {
        return setting.parse().apply(text);
    }
}
