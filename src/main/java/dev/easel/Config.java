package dev.easel;

import dev.easel.auth.CorsOrigins;
import dev.easel.engine.EngineTuning;
import dev.easel.engine.OrtRuntime;
import dev.easel.engine.pull.HubSettings;
import dev.easel.safety.UrlPolicy;
import dev.easel.tools.mcp.McpTimeouts;
import dev.easel.tools.planner.PlannerSettings;
import dev.easel.tools.search.SearchSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything an operator can set, as one typed tree shaped like {@code easel.yaml}: the server's
 * settings at the top level, then the {@code planner}, {@code url}, {@code hub}, {@code mcp},
 * {@code search}, {@code auth}, {@code cors}, {@code moderation}, {@code provenance} and {@code engine}
 * sections.
 * {@link #settings()} lists every setting with its one name per layer (yaml key, environment
 * variable, flag), how its text is parsed and which field holds it. {@code cli.ConfigSources} reads
 * the layers over {@link #defaults()}; {@link #with} applies settings by key, as tests and
 * benchmarks do.
 *
 * @param defaultModel local model folder name that OpenAI's image model names resolve to; empty
 *     means the first model found
 * @param modelAliases extra alias → local model entries, on top of the built-in OpenAI names
 * @param defaultModelRepo Hugging Face repo pulled when the models folder is empty and the hub is
 *     reachable; empty means never pull
 * @param mattingModel the matting model behind {@code background: transparent} (a folder with
 *     {@code model.onnx}, or an {@code .onnx} file); empty: {@code <models_dir>/matting} when it holds one
 * @param queueSize jobs that may wait for the engine before requests get 429
 * @param workers jobs the engine runs at once
 * @param streamBufferBytes the events one stream may hold for a client that reads slower than they
 *     come (their JSON's characters); past it a stream is cancelled, or detached for a background
 *     response, so a stuck client never holds the engine
 * @param threads ONNX Runtime intra-op threads; 0 means one per available processor
 * @param embeddingCacheBytes bound of the prompt → text-embedding cache (0 disables it)
 * @param latentCacheBytes bound of the image → latents caches (0 disables them)
 */
public record Config(
        String host,
        int port,
        Path modelsDir,
        Path dataDir,
        String defaultModel,
        Map<String, String> modelAliases,
        String defaultModelRepo,
        Optional<Path> mattingModel,
        int queueSize,
        int workers,
        long maxBodyBytes,
        long maxImagePixels,
        long streamBufferBytes,
        OrtRuntime.Device device,
        int threads,
        long embeddingCacheBytes,
        long latentCacheBytes,
        Planner planner,
        Url url,
        Hub hub,
        Mcp mcp,
        Search search,
        Auth auth,
        Cors cors,
        Moderation moderation,
        Provenance provenance,
        BlobSettings blobs,
        StoreSettings store,
        ClusterSettings cluster,
        EngineTuning engine) {

    public Config {
        List.of(
                host,
                modelsDir,
                dataDir,
                defaultModel,
                defaultModelRepo,
                mattingModel,
                device,
                planner,
                url,
                hub,
                mcp,
                search,
                auth,
                cors,
                moderation,
                provenance,
                blobs,
                store,
                cluster,
                engine);
        modelAliases = Collections.unmodifiableMap(new LinkedHashMap<>(modelAliases));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        if (queueSize < 1 || workers < 1 || threads < 0) {
            throw new IllegalArgumentException("queue_size and workers must be at least 1, threads at least 0");
        }
        if (streamBufferBytes < ConfigTable.MIN_STREAM_BUFFER_BYTES) {
            throw new IllegalArgumentException("stream_buffer_bytes is too small");
        }
        if (embeddingCacheBytes < 0 || latentCacheBytes < 0) {
            throw new IllegalArgumentException("cache sizes must be ≥ 0");
        }
        if (maxBodyBytes < ConfigTable.MIN_BODY_BYTES || maxImagePixels < ConfigTable.MIN_IMAGE_PIXELS) {
            throw new IllegalArgumentException("max_body_bytes or max_image_pixels is too small");
        }
    }

    /**
     * The planner endpoint; {@code models}: the other model names requests may ask the endpoint
     * for (OpenAI's names and {@code model} always work; any other is a 400).
     */
    public record Planner(
            Optional<URI> url, String model, Optional<Secret> apiKey, Duration timeout, List<String> models) {
        public Planner {
            List.of(url, apiKey); // none null
            models = List.copyOf(models);
            model = model.strip();
            if (url.isPresent() && model.isEmpty()) {
                throw new IllegalArgumentException("planner.model must name the planner model when planner.url is set");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("planner.timeout_seconds must be positive");
            }
        }

        /** What the planner client needs; empty in direct mode. */
        public Optional<PlannerSettings> settings() {
            return url.map(u -> new PlannerSettings(u, model, apiKey.map(Secret::value), timeout));
        }
    }

    /** The {@code url} section: which non-public destinations user-supplied URLs may reach. */
    /**
     * URLs: where requests' URLs may lead ({@code url.allow}), and the server's own public base URL
     * ({@code public_url}) for the URLs it returns, never taken from a request's Host header.
     */
    public record Url(UrlPolicy allow, Optional<URI> publicUrl) {
        public Url {
            Objects.requireNonNull(allow, "allow");
            Objects.requireNonNull(publicUrl, "publicUrl");
        }
    }

    /** The {@code hub} section: the Hugging Face Hub that models are pulled from. */
    public record Hub(URI endpoint, Optional<Secret> token, Duration timeout) {
        public Hub {
            List.of(endpoint, token, timeout); // none null
        }

        public HubSettings settings() {
            return new HubSettings(endpoint, token.map(Secret::value), timeout);
        }
    }

    /** The {@code mcp} section: how long Easel waits for the remote MCP servers that requests name. */
    public record Mcp(Duration connectTimeout, Duration listTimeout, Duration callTimeout) {
        public McpTimeouts timeouts() {
            return new McpTimeouts(connectTimeout, listTimeout, callTimeout);
        }
    }

    /**
     * The {@code search} section: the web search provider behind the {@code web_search} tool; none
     * by default (a request for web search is then a 400 that names these settings).
     *
     * @param url the provider's API base; empty for the provider's public API (SearXNG needs one)
     */
    public record Search(
            Optional<SearchSettings.Provider> provider, Optional<URI> url, Optional<Secret> apiKey, Duration timeout) {
        public Search {
            List.of(provider, url, apiKey, timeout); // none null
            if (provider.isPresent()
                    && url.isEmpty()
                    && provider.get().defaultUrl().isEmpty()) {
                throw new IllegalArgumentException(
                        "search.url must name the SearXNG instance (e.g. http://localhost:8888)");
            }
        }

        /** What the search client needs; empty when no provider is configured. */
        public Optional<SearchSettings> settings() {
            return provider.map(p -> new SearchSettings(
                    p, url.orElseGet(() -> p.defaultUrl().orElseThrow()), apiKey.map(Secret::value), timeout));
        }
    }

    /**
     * A credential. Printable ASCII without whitespace, so it cannot inject a header; its
     * {@link #toString()} never shows it, so neither does any record holding one.
     */
    /**
     * The {@code auth} section: API keys given in configuration (each {@code KEY} or
     * {@code admin:KEY}, comma-separated), a file of such keys (one a line, {@code #} comments), and
     * whether a server reachable from other machines may run without keys. Keys made with
     * {@code easel keys create} live in the store. The per-key limits (0: off) apply to API keys.
     */
    public record Auth(
            Optional<Secret> apiKeys,
            Optional<Path> keysFile,
            boolean insecureNoAuth,
            int requestsPerMinute,
            int imagesPerMinute,
            int concurrentStreams,
            long storedBytes) {
        public Auth {
            java.util.Objects.requireNonNull(apiKeys, "apiKeys");
            java.util.Objects.requireNonNull(keysFile, "keysFile");
        }
    }

    /**
     * The {@code moderation} section: on or off, the policy file, whether blocked prompts are
     * logged, and the optional image and text classifiers with the labels that block (README).
     */
    public record Moderation(
            boolean enabled,
            Optional<Path> policyFile,
            boolean logPrompts,
            Optional<Path> imageClassifier,
            List<String> imageClassifierLabels,
            Optional<Path> textClassifier,
            List<String> textClassifierLabels) {
        public Moderation {
            java.util.Objects.requireNonNull(textClassifier, "textClassifier");
            textClassifierLabels = List.copyOf(textClassifierLabels);
            java.util.Objects.requireNonNull(policyFile, "policyFile");
            java.util.Objects.requireNonNull(imageClassifier, "imageClassifier");
            imageClassifierLabels = List.copyOf(imageClassifierLabels);
        }
    }

    /**
     * The {@code cors} section: the web origins whose pages may call the API from a browser (CORS
     * headers, and their cross-site POSTs let in); none by default.
     */
    public record Cors(CorsOrigins allowedOrigins) {
        public Cors {
            Objects.requireNonNull(allowedOrigins, "allowedOrigins");
        }
    }

    /**
     * The {@code provenance} section: whether every returned image carries signed C2PA content
     * credentials, and what signs them: a configured key and certificate chain (PEM files, the
     * signing certificate first), or without them a local CA made in {@code data_dir/c2pa}; and
     * whether every generated image carries Easel's invisible watermark (README, "Watermark").
     */
    public record Provenance(
            boolean c2pa, Optional<Path> signingKey, Optional<Path> signingCertificate, boolean watermark) {
        public Provenance {
            Objects.requireNonNull(signingKey, "signingKey");
            Objects.requireNonNull(signingCertificate, "signingCertificate");
            if (signingKey.isPresent() != signingCertificate.isPresent()) {
                throw new IllegalArgumentException(
                        "provenance.signing_key and provenance.signing_certificate go together: set both, or"
                                + " neither for the local CA");
            }
        }
    }

    public record Secret(String value) {
        public Secret {
            if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("contains whitespace or non-ASCII characters (value not shown)");
            }
        }

        @Override
        public String toString() {
            return "<redacted>";
        }
    }

    /** The label of on/off settings, whose flags need no value. */
    public static final String BOOLEAN_LABEL = "true|false";

    /** The matting model's location: the configured one, else {@code <models_dir>/matting} when it holds a model. */
    public Optional<Path> matting() {
        if (mattingModel.isPresent()) {
            return mattingModel;
        }
        Path folder = modelsDir.resolve(MATTING_FOLDER);
        return java.nio.file.Files.isRegularFile(folder.resolve("model.onnx")) ? Optional.of(folder) : Optional.empty();
    }

    /** Where {@code easel pull --matting} puts the matting model, inside the models folder. */
    public static final String MATTING_FOLDER = "matting";

    /** Every setting at its default: embedded storage, loopback, no planner, no keys. */
    public static Config defaults() {
        return ConfigDefaults.config();
    }

    /** A copy with these settings applied, by {@link Setting#key()}; an unknown key or a bad value is refused. */
    public Config with(Map<String, String> values) {
        Builder builder = new Builder(this);
        values.forEach((key, text) -> builder.set(
                setting(key).orElseThrow(() -> new IllegalArgumentException("unknown setting '" + key + "'")),
                text,
                ""));
        return builder.build();
    }

    /** Every setting, in the order of the README's table. */
    public static List<Setting<?>> settings() {
        return ConfigTable.SETTINGS;
    }

    /** The setting named {@code key} in {@code easel.yaml}, e.g. {@code planner.url}. */
    public static Optional<Setting<?>> setting(String key) {
        return Optional.ofNullable(ConfigTable.BY_KEY.get(key));
    }

    /**
     * One setting and its name in each layer.
     *
     * @param key the name in {@code easel.yaml}: snake_case, a dot separating a section from its key
     *     ({@code planner.url} is {@code url:} under {@code planner:})
     * @param env the environment variable: {@code EASEL_} and the upper-cased key, dots as
     *     underscores, except Hugging Face's own {@code HF_ENDPOINT} and {@code HF_TOKEN}
     * @param flag the {@code easel serve} flag: the key with dashes, except {@code --models} and
     *     {@code --data}
     * @param label what the flag's value looks like, for {@code --help}
     * @param parse stripped text → value, or an {@link IllegalArgumentException} saying what is
     *     expected without echoing a secret
     * @param read the setting's value in a config
     */
    public record Setting<T>(
            String key,
            String env,
            String flag,
            String label,
            String meaning,
            Shape shape,
            Function<String, T> parse,
            Function<Config, T> read) {

        static <T> Setting<T> of(
                String key, String label, String meaning, Function<String, T> parse, Function<Config, T> read) {
            String env = "EASEL_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
            String flag = "--" + key.replace('.', '-').replace('_', '-');
            return new Setting<>(key, env, flag, label, meaning, Shape.VALUE, parse, read);
        }

        Setting<T> env(String name) {
            return new Setting<>(key, name, flag, label, meaning, shape, parse, read);
        }

        Setting<T> flag(String name) {
            return new Setting<>(key, env, name, label, meaning, shape, parse, read);
        }

        Setting<T> shape(Shape yaml) {
            return new Setting<>(key, env, flag, label, meaning, yaml, parse, read);
        }

        /** Whether the value is a credential: never echoed, and its flag shows up in process lists. */
        public boolean secret() {
            return label.equals(ConfigTable.SECRET_LABEL);
        }
    }

    /** What a setting may be in {@code easel.yaml}: one value; or also a list, or a mapping (text: a,b or k=v,...). */
    public enum Shape {
        VALUE,
        LIST,
        MAP
    }

    /**
     * Settings applied one at a time over a base config, each parsed as it comes, remembering
     * where each came from so that an error can say so.
     */
    public static final class Builder {
        private final Map<String, Object> values = new HashMap<>();
        private final Map<String, String> origins = new HashMap<>();

        public Builder(Config base) {
            ConfigTable.SETTINGS.forEach(s -> values.put(s.key(), s.read().apply(base)));
        }

        /**
         * @param where for messages: "in FILE", "from VARIABLE", "from --flag", or empty
         * @throws IllegalArgumentException "invalid KEY WHERE: what is expected", never echoing a secret
         */
        public Builder set(Setting<?> setting, String text, String where) {
            try {
                values.put(setting.key(), setting.parse().apply(text.strip()));
            } catch (IllegalArgumentException e) {
                // No cause: a parser's exception may quote its input, and the input may be a secret.
                throw new IllegalArgumentException(
                        "invalid " + setting.key() + (where.isEmpty() ? "" : " " + where) + ": " + e.getMessage());
            }
            origins.put(setting.key(), where);
            return this;
        }

        /** @throws IllegalArgumentException when settings contradict each other, naming where they came from */
        public Config build() {
            if (get(ConfigTable.PLANNER_URL).isPresent()
                    && get(ConfigTable.PLANNER_MODEL).isBlank()) {
                String where = origins.getOrDefault(ConfigTable.PLANNER_URL.key(), "");
                throw new IllegalArgumentException("planner.url is set" + (where.isEmpty() ? "" : " (" + where + ")")
                        + " but planner.model is not: set planner.model (" + ConfigTable.PLANNER_MODEL.env() + ", "
                        + ConfigTable.PLANNER_MODEL.flag() + ") to the model the planner endpoint serves");
            }
            return new Config(
                    get(ConfigTable.HOST),
                    get(ConfigTable.PORT),
                    get(ConfigTable.MODELS_DIR),
                    get(ConfigTable.DATA_DIR),
                    get(ConfigTable.DEFAULT_MODEL),
                    get(ConfigTable.MODEL_ALIASES),
                    get(ConfigTable.DEFAULT_MODEL_REPO),
                    get(ConfigTable.MATTING_MODEL),
                    get(ConfigTable.QUEUE_SIZE),
                    get(ConfigTable.WORKERS),
                    get(ConfigTable.MAX_BODY_BYTES),
                    get(ConfigTable.MAX_IMAGE_PIXELS),
                    get(ConfigTable.STREAM_BUFFER_BYTES),
                    get(ConfigTable.DEVICE),
                    get(ConfigTable.THREADS),
                    get(ConfigTable.EMBEDDING_CACHE_BYTES),
                    get(ConfigTable.LATENT_CACHE_BYTES),
                    new Planner(
                            get(ConfigTable.PLANNER_URL),
                            get(ConfigTable.PLANNER_MODEL),
                            get(ConfigTable.PLANNER_API_KEY),
                            get(ConfigTable.PLANNER_TIMEOUT),
                            get(ConfigTable.PLANNER_MODELS)),
                    new Url(get(ConfigTable.URL_ALLOW), get(ConfigTable.PUBLIC_URL)),
                    new Hub(get(ConfigTable.HUB_ENDPOINT), get(ConfigTable.HUB_TOKEN), get(ConfigTable.HUB_TIMEOUT)),
                    new Mcp(
                            get(ConfigTable.MCP_CONNECT_TIMEOUT),
                            get(ConfigTable.MCP_LIST_TIMEOUT),
                            get(ConfigTable.MCP_CALL_TIMEOUT)),
                    new Search(
                            get(ConfigTable.SEARCH_PROVIDER),
                            get(ConfigTable.SEARCH_URL),
                            get(ConfigTable.SEARCH_API_KEY),
                            get(ConfigTable.SEARCH_TIMEOUT)),
                    new Auth(
                            get(ConfigTable.AUTH_API_KEYS),
                            get(ConfigTable.AUTH_KEYS_FILE),
                            get(ConfigTable.INSECURE_NO_AUTH),
                            get(ConfigTable.REQUESTS_PER_MINUTE),
                            get(ConfigTable.IMAGES_PER_MINUTE),
                            get(ConfigTable.CONCURRENT_STREAMS),
                            get(ConfigTable.STORED_BYTES)),
                    new Cors(get(ConfigTable.CORS_ALLOWED_ORIGINS)),
                    new Moderation(
                            get(ConfigTable.MODERATION_ENABLED),
                            get(ConfigTable.MODERATION_POLICY_FILE),
                            get(ConfigTable.MODERATION_LOG_PROMPTS),
                            get(ConfigTable.MODERATION_IMAGE_CLASSIFIER),
                            get(ConfigTable.MODERATION_IMAGE_CLASSIFIER_LABELS),
                            get(ConfigTable.MODERATION_TEXT_CLASSIFIER),
                            get(ConfigTable.MODERATION_TEXT_CLASSIFIER_LABELS)),
                    new Provenance(
                            get(ConfigTable.PROVENANCE_C2PA),
                            get(ConfigTable.PROVENANCE_SIGNING_KEY),
                            get(ConfigTable.PROVENANCE_SIGNING_CERTIFICATE),
                            get(ConfigTable.PROVENANCE_WATERMARK)),
                    new BlobSettings(
                            get(ConfigTable.BLOBS_S3_BUCKET),
                            get(ConfigTable.BLOBS_S3_ENDPOINT),
                            get(ConfigTable.BLOBS_S3_REGION),
                            get(ConfigTable.BLOBS_S3_PATH_STYLE),
                            get(ConfigTable.BLOBS_S3_PREFIX),
                            get(ConfigTable.BLOBS_S3_ACCESS_KEY_ID),
                            get(ConfigTable.BLOBS_S3_SECRET_ACCESS_KEY)),
                    StoreSettings.of(this::get),
                    ClusterSettings.of(this::get),
                    EngineSettings.tuning(this::get));
        }

        @SuppressWarnings("unchecked") // values.get(s.key()) was produced by s.parse() or s.read()
        private <T> T get(Setting<T> setting) {
            return (T) values.get(setting.key());
        }
    }
}
