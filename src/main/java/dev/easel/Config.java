package dev.easel;

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
import java.util.stream.Collectors;

/**
 * Everything an operator can set, as one typed tree shaped like {@code easel.yaml}: the server's
 * settings at the top level, then the {@code planner}, {@code url}, {@code hub}, {@code mcp} and
 * {@code search} sections.
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
 * @param queueSize jobs that may wait for the engine before requests get 429
 * @param workers jobs the engine runs at once
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
        int queueSize,
        int workers,
        long maxBodyBytes,
        long maxImagePixels,
        OrtRuntime.Device device,
        int threads,
        long embeddingCacheBytes,
        long latentCacheBytes,
        Planner planner,
        Url url,
        Hub hub,
        Mcp mcp,
        Search search) {

    public Config {
        List.of(host, modelsDir, dataDir, defaultModel, defaultModelRepo, device, planner, url, hub, mcp, search);
        modelAliases = Collections.unmodifiableMap(new LinkedHashMap<>(modelAliases));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        if (queueSize < 1 || workers < 1 || threads < 0) {
            throw new IllegalArgumentException("queue_size and workers must be at least 1, threads at least 0");
        }
        if (embeddingCacheBytes < 0 || latentCacheBytes < 0) {
            throw new IllegalArgumentException("cache sizes must be ≥ 0");
        }
        if (maxBodyBytes < MIN_BODY_BYTES || maxImagePixels < MIN_IMAGE_PIXELS) {
            throw new IllegalArgumentException("max_body_bytes or max_image_pixels is too small");
        }
    }

    /**
     * The {@code planner} section: an OpenAI-compatible Chat Completions endpoint that plans
     * Responses turns. Without a URL Easel runs in direct mode.
     *
     * @param url base URL up to the API version, e.g. {@code http://localhost:11434/v1}
     * @param model the model name sent to the planner; required with a URL
     */
    public record Planner(Optional<URI> url, String model, Optional<Secret> apiKey, Duration timeout) {
        public Planner {
            List.of(url, apiKey); // none null
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
    public record Url(UrlPolicy allow) {
        public Url {
            Objects.requireNonNull(allow, "allow");
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

    public static Config defaults() {
        return new Config(
                "0.0.0.0",
                8080,
                Path.of("models"),
                Path.of("data"),
                "",
                Map.of(),
                "onnx-community/stable-diffusion-v1-5-ONNX",
                16,
                1,
                64L << 20,
                4096L * 4096,
                OrtRuntime.Device.AUTO,
                0,
                64L << 20,
                256L << 20,
                new Planner(Optional.empty(), "", Optional.empty(), PlannerSettings.DEFAULT_TIMEOUT),
                new Url(UrlPolicy.publicOnly()),
                new Hub(HubSettings.DEFAULT_ENDPOINT, Optional.empty(), HubSettings.DEFAULT_TIMEOUT),
                new Mcp(
                        McpTimeouts.defaults().connect(),
                        McpTimeouts.defaults().list(),
                        McpTimeouts.defaults().call()),
                new Search(Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10)));
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
        return SETTINGS;
    }

    /** The setting named {@code key} in {@code easel.yaml}, e.g. {@code planner.url}. */
    public static Optional<Setting<?>> setting(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
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
            return label.equals(SECRET_LABEL);
        }
    }

    /** What a setting may be in {@code easel.yaml}: one value; or also a list, or a mapping (text: a,b or k=v,...). */
    public enum Shape {
        VALUE,
        LIST,
        MAP
    }

    private static final long MIN_BODY_BYTES = 1024;
    private static final long MIN_IMAGE_PIXELS = 64 * 64;
    private static final long MAX_TIMEOUT_SECONDS = 24 * 3600;
    private static final String SECRET_LABEL = "SECRET";

    static final Setting<String> HOST =
            Setting.of("host", "ADDR", "Interface to listen on.", Config::nonEmpty, Config::host);
    static final Setting<Integer> PORT =
            Setting.of("port", "PORT", "Port; 0 picks a free one.", t -> (int) whole(t, 0, 65535), Config::port);
    static final Setting<Path> MODELS_DIR = Setting.of(
                    "models_dir", "DIR", "Folder of model folders.", Config::path, Config::modelsDir)
            .flag("--models");
    static final Setting<Path> DATA_DIR = Setting.of(
                    "data_dir", "DIR", "Folder of the database, blobs and latents.", Config::path, Config::dataDir)
            .flag("--data");
    static final Setting<String> DEFAULT_MODEL = Setting.of(
            "default_model",
            "NAME",
            "Local model that OpenAI's image model names resolve to; empty: the first found.",
            t -> t,
            Config::defaultModel);
    static final Setting<Map<String, String>> MODEL_ALIASES = Setting.of(
                    "model_aliases",
                    "ALIAS=MODEL,...",
                    "Extra model names and the local model each resolves to.",
                    Config::parseAliases,
                    Config::modelAliases)
            .shape(Shape.MAP);
    static final Setting<String> DEFAULT_MODEL_REPO = Setting.of(
            "default_model_repo",
            "OWNER/NAME",
            "Hugging Face repo pulled when the models folder is empty; empty: never pull.",
            t -> t,
            Config::defaultModelRepo);
    static final Setting<Integer> QUEUE_SIZE = Setting.of(
            "queue_size",
            "N",
            "Jobs that may wait for the engine before requests get 429.",
            t -> (int) whole(t, 1, Integer.MAX_VALUE),
            Config::queueSize);
    static final Setting<Integer> WORKERS =
            Setting.of("workers", "N", "Jobs the engine runs at once.", t -> (int) whole(t, 1, 1024), Config::workers);
    static final Setting<Long> MAX_BODY_BYTES = Setting.of(
            "max_body_bytes",
            "BYTES",
            "Largest request body.",
            t -> whole(t, MIN_BODY_BYTES, Long.MAX_VALUE),
            Config::maxBodyBytes);
    static final Setting<Long> MAX_IMAGE_PIXELS = Setting.of(
            "max_image_pixels",
            "PIXELS",
            "Largest input or output image, in pixels.",
            t -> whole(t, MIN_IMAGE_PIXELS, Long.MAX_VALUE),
            Config::maxImagePixels);
    static final Setting<OrtRuntime.Device> DEVICE = Setting.of(
            "device", "auto|cpu|cuda", "ONNX Runtime execution provider.", OrtRuntime.Device::parse, Config::device);
    static final Setting<Integer> THREADS = Setting.of(
            "threads",
            "N",
            "ONNX Runtime intra-op threads; 0: one per processor.",
            t -> (int) whole(t, 0, 4096),
            Config::threads);
    static final Setting<Long> EMBEDDING_CACHE_BYTES = Setting.of(
            "embedding_cache_bytes",
            "BYTES",
            "Bound of the prompt → text-embedding cache; 0 disables it.",
            t -> whole(t, 0, Long.MAX_VALUE),
            Config::embeddingCacheBytes);
    static final Setting<Long> LATENT_CACHE_BYTES = Setting.of(
            "latent_cache_bytes",
            "BYTES",
            "Bound of the image → latents caches; 0 disables them.",
            t -> whole(t, 0, Long.MAX_VALUE),
            Config::latentCacheBytes);
    static final Setting<Optional<URI>> PLANNER_URL = Setting.of(
            "planner.url",
            "URL",
            "OpenAI-compatible Chat Completions base URL; empty: direct mode.",
            t -> t.isEmpty() ? Optional.empty() : Optional.of(PlannerSettings.parseBaseUrl(t)),
            c -> c.planner().url());
    static final Setting<String> PLANNER_MODEL = Setting.of(
            "planner.model",
            "NAME",
            "Model name sent to the planner.",
            t -> t,
            c -> c.planner().model());
    static final Setting<Optional<Secret>> PLANNER_API_KEY = Setting.of(
            "planner.api_key",
            SECRET_LABEL,
            "Bearer key for the planner.",
            Config::secret,
            c -> c.planner().apiKey());
    static final Setting<Duration> PLANNER_TIMEOUT = Setting.of(
            "planner.timeout_seconds",
            "SECONDS",
            "Longest one planner round may take.",
            Config::seconds,
            c -> c.planner().timeout());
    static final Setting<UrlPolicy> URL_ALLOW = Setting.of(
                    "url.allow",
                    "HOSTS",
                    "Non-public domains and host:port pairs that URLs in requests may reach.",
                    UrlPolicy::parse,
                    c -> c.url().allow())
            .shape(Shape.LIST);
    static final Setting<URI> HUB_ENDPOINT = Setting.of(
                    "hub.endpoint",
                    "URL",
                    "Hugging Face Hub or mirror to pull models from.",
                    t -> t.isEmpty() ? HubSettings.DEFAULT_ENDPOINT : HubSettings.parseEndpoint(t),
                    c -> c.hub().endpoint())
            .env("HF_ENDPOINT");
    static final Setting<Optional<Secret>> HUB_TOKEN = Setting.of(
                    "hub.token",
                    SECRET_LABEL,
                    "Hugging Face access token, for gated or private repos.",
                    Config::secret,
                    c -> c.hub().token())
            .env("HF_TOKEN");
    static final Setting<Duration> HUB_TIMEOUT = Setting.of(
            "hub.timeout_seconds",
            "SECONDS",
            "Connect and header timeout; longest a download may stall before a retry.",
            Config::seconds,
            c -> c.hub().timeout());
    static final Setting<Duration> MCP_CONNECT_TIMEOUT = Setting.of(
            "mcp.connect_timeout_seconds",
            "SECONDS",
            "Longest connecting to a request's MCP server and initializing may take.",
            Config::seconds,
            c -> c.mcp().connectTimeout());
    static final Setting<Duration> MCP_LIST_TIMEOUT = Setting.of(
            "mcp.list_timeout_seconds",
            "SECONDS",
            "Longest listing an MCP server's tools may take.",
            Config::seconds,
            c -> c.mcp().listTimeout());
    static final Setting<Duration> MCP_CALL_TIMEOUT = Setting.of(
            "mcp.call_timeout_seconds",
            "SECONDS",
            "Longest one MCP tool call may take.",
            Config::seconds,
            c -> c.mcp().callTimeout());
    static final Setting<Optional<SearchSettings.Provider>> SEARCH_PROVIDER = Setting.of(
            "search.provider",
            "NAME",
            "Web search provider: searxng, brave, tavily or exa; empty: no web search.",
            t -> t.isEmpty() ? Optional.empty() : Optional.of(SearchSettings.Provider.parse(t)),
            c -> c.search().provider());
    static final Setting<Optional<URI>> SEARCH_URL = Setting.of(
            "search.url",
            "URL",
            "The search provider's API base; empty: its public API.",
            t -> t.isEmpty() ? Optional.empty() : Optional.of(httpUrl(t)),
            c -> c.search().url());
    static final Setting<Optional<Secret>> SEARCH_API_KEY = Setting.of(
            "search.api_key",
            SECRET_LABEL,
            "Key for the search provider.",
            Config::secret,
            c -> c.search().apiKey());
    static final Setting<Duration> SEARCH_TIMEOUT = Setting.of(
            "search.timeout_seconds",
            "SECONDS",
            "Longest one search may take.",
            Config::seconds,
            c -> c.search().timeout());

    private static final List<Setting<?>> SETTINGS = List.of(
            HOST,
            PORT,
            MODELS_DIR,
            DATA_DIR,
            DEFAULT_MODEL,
            MODEL_ALIASES,
            DEFAULT_MODEL_REPO,
            QUEUE_SIZE,
            WORKERS,
            MAX_BODY_BYTES,
            MAX_IMAGE_PIXELS,
            DEVICE,
            THREADS,
            EMBEDDING_CACHE_BYTES,
            LATENT_CACHE_BYTES,
            PLANNER_URL,
            PLANNER_MODEL,
            PLANNER_API_KEY,
            PLANNER_TIMEOUT,
            URL_ALLOW,
            HUB_ENDPOINT,
            HUB_TOKEN,
            HUB_TIMEOUT,
            MCP_CONNECT_TIMEOUT,
            MCP_LIST_TIMEOUT,
            MCP_CALL_TIMEOUT,
            SEARCH_PROVIDER,
            SEARCH_URL,
            SEARCH_API_KEY,
            SEARCH_TIMEOUT);
    private static final Map<String, Setting<?>> BY_KEY =
            SETTINGS.stream().collect(Collectors.toMap(Setting::key, s -> s));

    /**
     * Settings applied one at a time over a base config, each parsed as it comes, remembering
     * where each came from so that an error can say so.
     */
    public static final class Builder {
        private final Map<String, Object> values = new HashMap<>();
        private final Map<String, String> origins = new HashMap<>();

        public Builder(Config base) {
            SETTINGS.forEach(s -> values.put(s.key(), s.read().apply(base)));
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
            if (get(PLANNER_URL).isPresent() && get(PLANNER_MODEL).isBlank()) {
                String where = origins.getOrDefault(PLANNER_URL.key(), "");
                throw new IllegalArgumentException("planner.url is set" + (where.isEmpty() ? "" : " (" + where + ")")
                        + " but planner.model is not: set planner.model (" + PLANNER_MODEL.env() + ", "
                        + PLANNER_MODEL.flag() + ") to the model the planner endpoint serves");
            }
            return new Config(
                    get(HOST),
                    get(PORT),
                    get(MODELS_DIR),
                    get(DATA_DIR),
                    get(DEFAULT_MODEL),
                    get(MODEL_ALIASES),
                    get(DEFAULT_MODEL_REPO),
                    get(QUEUE_SIZE),
                    get(WORKERS),
                    get(MAX_BODY_BYTES),
                    get(MAX_IMAGE_PIXELS),
                    get(DEVICE),
                    get(THREADS),
                    get(EMBEDDING_CACHE_BYTES),
                    get(LATENT_CACHE_BYTES),
                    new Planner(get(PLANNER_URL), get(PLANNER_MODEL), get(PLANNER_API_KEY), get(PLANNER_TIMEOUT)),
                    new Url(get(URL_ALLOW)),
                    new Hub(get(HUB_ENDPOINT), get(HUB_TOKEN), get(HUB_TIMEOUT)),
                    new Mcp(get(MCP_CONNECT_TIMEOUT), get(MCP_LIST_TIMEOUT), get(MCP_CALL_TIMEOUT)),
                    new Search(get(SEARCH_PROVIDER), get(SEARCH_URL), get(SEARCH_API_KEY), get(SEARCH_TIMEOUT)));
        }

        @SuppressWarnings("unchecked") // values.get(s.key()) was produced by s.parse() or s.read()
        private <T> T get(Setting<T> setting) {
            return (T) values.get(setting.key());
        }
    }

    private static long whole(String text, long min, long max) {
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        String range = max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "of at least " + min : min + " to " + max;
        throw new IllegalArgumentException("must be a whole number " + range + ", got '" + text + "'");
    }

    private static String nonEmpty(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return text;
    }

    private static URI httpUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("must be an http(s) URL, got '" + text + "'");
        }
        if (uri.getScheme() == null
                || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http(s) URL, got '" + text + "'");
        }
        return uri;
    }

    private static Path path(String text) {
        return Path.of(nonEmpty(text));
    }

    private static Duration seconds(String text) {
        return Duration.ofSeconds(whole(text, 1, MAX_TIMEOUT_SECONDS));
    }

    private static Optional<Secret> secret(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(new Secret(text));
    }

    /** "gpt-image-1=demo,dall-e-3=sd-turbo" → map. */
    static Map<String, String> parseAliases(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException("entries look like alias=model, got '" + pair.strip() + "'");
            }
            out.put(kv[0].strip(), kv[1].strip());
        }
        return out;
    }
}
