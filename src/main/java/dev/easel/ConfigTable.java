package dev.easel;

import dev.easel.Config.Secret;
import dev.easel.Config.Setting;
import dev.easel.Config.Shape;
import dev.easel.auth.CorsOrigins;
import dev.easel.engine.OrtRuntime;
import dev.easel.engine.pull.HubSettings;
import dev.easel.safety.UrlPolicy;
import dev.easel.tools.planner.PlannerSettings;
import dev.easel.tools.search.SearchSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The table of {@link Config}'s settings: one {@link Setting} per field of the tree, with its
 * names in each layer, how its text is parsed and which field holds it, and the parsers. The
 * README's configuration table lists the same rows (ConfigTest checks it).
 */
final class ConfigTable {
    private ConfigTable() {}

    /** What a config builder holds for each setting: what each group's {@code of} reads its values from. */
    interface Values {
        <T> T get(Setting<T> setting);
    }

    static final long MIN_BODY_BYTES = 1024;
    static final long MIN_IMAGE_PIXELS = 64 * 64;
    static final long MIN_STREAM_BUFFER_BYTES = 1024;
    static final String SECRET_LABEL = "SECRET";

    static final Setting<String> HOST =
            Setting.of("host", "ADDR", "Interface to listen on.", SettingParsers::nonEmpty, Config::host);
    static final Setting<Integer> PORT = Setting.of(
            "port", "PORT", "Port; 0 picks a free one.", t -> (int) SettingParsers.whole(t, 0, 65535), Config::port);
    static final Setting<Path> MODELS_DIR = Setting.of(
                    "models_dir", "DIR", "Folder of model folders.", SettingParsers::path, Config::modelsDir)
            .flag("--models");
    static final Setting<Path> DATA_DIR = Setting.of(
                    "data_dir",
                    "DIR",
                    "Folder of the database, blobs and latents.",
                    SettingParsers::path,
                    Config::dataDir)
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
                    SettingParsers::parseAliases,
                    Config::modelAliases)
            .shape(Shape.MAP);
    static final Setting<String> DEFAULT_MODEL_REPO = Setting.of(
            "default_model_repo",
            "OWNER/NAME",
            "Hugging Face repo pulled when the models folder is empty; empty: never pull.",
            t -> t,
            Config::defaultModelRepo);
    static final Setting<Optional<Path>> MATTING_MODEL = Setting.of(
            "matting_model",
            "PATH",
            "ONNX matting model for transparent backgrounds (a folder with model.onnx, or the file); empty:"
                    + " <models_dir>/matting when present.",
            t -> t.isEmpty() ? Optional.empty() : Optional.of(Path.of(t)),
            Config::mattingModel);
    static final Setting<Integer> QUEUE_SIZE = Setting.of(
            "queue_size",
            "N",
            "Jobs that may wait for the engine before requests get 429.",
            t -> (int) SettingParsers.whole(t, 1, Integer.MAX_VALUE),
            Config::queueSize);
    static final Setting<Integer> WORKERS = Setting.of(
            "workers",
            "N",
            "Jobs the engine runs at once.",
            t -> (int) SettingParsers.whole(t, 1, 1024),
            Config::workers);
    static final Setting<Long> MAX_BODY_BYTES = Setting.of(
            "max_body_bytes",
            "BYTES",
            "Largest request body.",
            t -> SettingParsers.whole(t, MIN_BODY_BYTES, Long.MAX_VALUE),
            Config::maxBodyBytes);
    static final Setting<Long> MAX_IMAGE_PIXELS = Setting.of(
            "max_image_pixels",
            "PIXELS",
            "Largest input or output image, in pixels.",
            t -> SettingParsers.whole(t, MIN_IMAGE_PIXELS, Long.MAX_VALUE),
            Config::maxImagePixels);
    static final Setting<Long> STREAM_BUFFER_BYTES = Setting.of(
            "stream_buffer_bytes",
            "BYTES",
            "Events one stream holds for a slow reader; past it the stream is cancelled.",
            t -> SettingParsers.whole(t, MIN_STREAM_BUFFER_BYTES, Long.MAX_VALUE),
            Config::streamBufferBytes);
    static final Setting<OrtRuntime.Device> DEVICE = Setting.of(
            "device", "auto|cpu|cuda", "ONNX Runtime execution provider.", OrtRuntime.Device::parse, Config::device);
    static final Setting<Integer> THREADS = Setting.of(
            "threads",
            "N",
            "ONNX Runtime intra-op threads; 0: one per processor.",
            t -> (int) SettingParsers.whole(t, 0, 4096),
            Config::threads);
    static final Setting<Long> EMBEDDING_CACHE_BYTES = Setting.of(
            "embedding_cache_bytes",
            "BYTES",
            "Bound of the prompt → text-embedding cache; 0 disables it.",
            t -> SettingParsers.whole(t, 0, Long.MAX_VALUE),
            Config::embeddingCacheBytes);
    static final Setting<Long> LATENT_CACHE_BYTES = Setting.of(
            "latent_cache_bytes",
            "BYTES",
            "Bound of the image → latents caches; 0 disables them.",
            t -> SettingParsers.whole(t, 0, Long.MAX_VALUE),
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
            SettingParsers::secret,
            c -> c.planner().apiKey());
    static final Setting<Duration> PLANNER_TIMEOUT = Setting.of(
            "planner.timeout_seconds",
            "SECONDS",
            "Longest one planner round may take.",
            SettingParsers::seconds,
            c -> c.planner().timeout());
    static final Setting<List<String>> PLANNER_MODELS = Setting.of(
                    "planner.allowed_models",
                    "NAMES",
                    "Other model names requests may ask the planner endpoint for; any other is a 400.",
                    SettingParsers::names,
                    c -> c.planner().models())
            .shape(Shape.LIST);
    static final Setting<UrlPolicy> URL_ALLOW = Setting.of(
                    "url.allow",
                    "HOSTS",
                    "Non-public domains and host:port pairs that URLs in requests may reach.",
                    UrlPolicy::parse,
                    c -> c.url().allow())
            .shape(Shape.LIST);
    static final Setting<Optional<URI>> PUBLIC_URL = Setting.of(
            "public_url",
            "URL",
            "The server's base URL as clients reach it, for the URLs it returns; empty: its own address.",
            t -> t.isEmpty() ? Optional.empty() : Optional.of(SettingParsers.publicUrl(t)),
            c -> c.url().publicUrl());
    static final Setting<CorsOrigins> CORS_ALLOWED_ORIGINS = Setting.of(
                    "cors.allowed_origins",
                    "ORIGINS",
                    "Web origins whose pages may call the API from a browser (https://app.example.com); never *.",
                    CorsOrigins::parse,
                    c -> c.cors().allowedOrigins())
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
                    SettingParsers::secret,
                    c -> c.hub().token())
            .env("HF_TOKEN");
    static final Setting<Duration> HUB_TIMEOUT = Setting.of(
            "hub.timeout_seconds",
            "SECONDS",
            "Connect and header timeout; longest a download may stall before a retry.",
            SettingParsers::seconds,
            c -> c.hub().timeout());
    static final Setting<Duration> MCP_CONNECT_TIMEOUT = Setting.of(
            "mcp.connect_timeout_seconds",
            "SECONDS",
            "Longest connecting to a request's MCP server and initializing may take.",
            SettingParsers::seconds,
            c -> c.mcp().connectTimeout());
    static final Setting<Duration> MCP_LIST_TIMEOUT = Setting.of(
            "mcp.list_timeout_seconds",
            "SECONDS",
            "Longest listing an MCP server's tools may take.",
            SettingParsers::seconds,
            c -> c.mcp().listTimeout());
    static final Setting<Duration> MCP_CALL_TIMEOUT = Setting.of(
            "mcp.call_timeout_seconds",
            "SECONDS",
            "Longest one MCP tool call may take.",
            SettingParsers::seconds,
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
            t -> t.isEmpty() ? Optional.empty() : Optional.of(SettingParsers.httpUrl(t)),
            c -> c.search().url());
    static final Setting<Optional<Secret>> SEARCH_API_KEY = Setting.of(
            "search.api_key",
            SECRET_LABEL,
            "Key for the search provider.",
            SettingParsers::secret,
            c -> c.search().apiKey());
    static final Setting<Duration> SEARCH_TIMEOUT = Setting.of(
            "search.timeout_seconds",
            "SECONDS",
            "Longest one search may take.",
            SettingParsers::seconds,
            c -> c.search().timeout());

    static final Setting<Optional<Secret>> AUTH_API_KEYS = Setting.of(
                    "auth.api_keys",
                    SECRET_LABEL,
                    "API keys clients must send (KEY or admin:KEY, comma-separated); see also easel keys.",
                    SettingParsers::secret,
                    c -> c.auth().apiKeys())
            .env("EASEL_API_KEYS");
    static final Setting<Optional<Path>> AUTH_KEYS_FILE = Setting.of(
            "auth.keys_file",
            "FILE",
            "File of API keys, one a line (KEY or admin:KEY); empty: none.",
            t -> t.isEmpty() ? Optional.empty() : Optional.of(Path.of(t)),
            c -> c.auth().keysFile());
    static final Setting<Boolean> INSECURE_NO_AUTH = Setting.of(
            "insecure_no_auth",
            Config.BOOLEAN_LABEL,
            "Serve an address other machines reach without API keys (warned at every start).",
            SettingParsers::bool,
            c -> c.auth().insecureNoAuth());

    static final Setting<Integer> REQUESTS_PER_MINUTE = Setting.of(
            "limits.requests_per_minute",
            "N",
            "Requests one API key may make a minute; 0: no limit.",
            t -> (int) SettingParsers.whole(t, 0, 1_000_000),
            c -> c.auth().requestsPerMinute());
    static final Setting<Integer> IMAGES_PER_MINUTE = Setting.of(
            "limits.images_per_minute",
            "N",
            "Images one API key may ask for a minute; 0: no limit.",
            t -> (int) SettingParsers.whole(t, 0, 1_000_000),
            c -> c.auth().imagesPerMinute());
    static final Setting<Integer> CONCURRENT_STREAMS = Setting.of(
            "limits.concurrent_streams",
            "N",
            "Streams one API key may have open at once; 0: no limit.",
            t -> (int) SettingParsers.whole(t, 0, 1_000_000),
            c -> c.auth().concurrentStreams());
    static final Setting<Boolean> MODERATION_ENABLED = Setting.of(
            "moderation.enabled",
            Config.BOOLEAN_LABEL,
            "Moderate image requests: prompts by the policy, pictures by the model's safety checker.",
            SettingParsers::bool,
            c -> c.moderation().enabled());
    static final Setting<Optional<Path>> MODERATION_POLICY_FILE = Setting.of(
            "moderation.policy_file",
            "FILE",
            "A prompt policy (YAML: categories of terms, patterns, combinations) replacing the built-in one.",
            t -> t.isEmpty() ? Optional.empty() : Optional.of(Path.of(t)),
            c -> c.moderation().policyFile());
    static final Setting<Boolean> MODERATION_LOG_PROMPTS = Setting.of(
            "moderation.log_prompts",
            Config.BOOLEAN_LABEL,
            "Write blocked prompts to the log (off: only their categories).",
            SettingParsers::bool,
            c -> c.moderation().logPrompts());
    static final Setting<Optional<Path>> MODERATION_IMAGE_CLASSIFIER = Setting.of(
            "moderation.image_classifier",
            "DIR",
            "An ONNX image classifier folder (model.onnx, config.json, preprocessor_config.json) checking every picture.",
            t -> t.isEmpty() ? Optional.empty() : Optional.of(Path.of(t)),
            c -> c.moderation().imageClassifier());
    static final Setting<List<String>> MODERATION_IMAGE_CLASSIFIER_LABELS = Setting.of(
                    "moderation.image_classifier_labels",
                    "LABELS",
                    "The classifier's labels that block a picture (softmax at least 0.5).",
                    SettingParsers::names,
                    c -> c.moderation().imageClassifierLabels())
            .shape(Shape.LIST);
    static final Setting<Optional<Path>> MODERATION_TEXT_CLASSIFIER = Setting.of(
            "moderation.text_classifier",
            "DIR",
            "An ONNX text classifier folder (model.onnx, config.json, a WordPiece tokenizer.json) checking every prompt.",
            t -> t.isEmpty() ? Optional.empty() : Optional.of(Path.of(t)),
            c -> c.moderation().textClassifier());
    static final Setting<List<String>> MODERATION_TEXT_CLASSIFIER_LABELS = Setting.of(
                    "moderation.text_classifier_labels",
                    "LABELS",
                    "The text classifier's labels that block a prompt (probability at least 0.5).",
                    SettingParsers::names,
                    c -> c.moderation().textClassifierLabels())
            .shape(Shape.LIST);
    static final Setting<Long> STORED_BYTES = Setting.of(
            "limits.stored_bytes",
            "BYTES",
            "Bytes one API key may keep stored (files and stored responses); 0: no limit.",
            t -> SettingParsers.whole(t, 0, Long.MAX_VALUE),
            c -> c.auth().storedBytes());

    static final Setting<Boolean> PROVENANCE_C2PA = Setting.of(
            "provenance.c2pa",
            Config.BOOLEAN_LABEL,
            "Embed signed C2PA content credentials in every image returned; false: none.",
            SettingParsers::bool,
            c -> c.provenance().c2pa());
    static final Setting<Optional<Path>> PROVENANCE_SIGNING_KEY = Setting.of(
            "provenance.signing_key",
            "FILE",
            "PEM private key that signs the content credentials; empty: the local CA's signer.",
            t -> t.isEmpty() ? Optional.empty() : Optional.of(Path.of(t)),
            c -> c.provenance().signingKey());
    static final Setting<Optional<Path>> PROVENANCE_SIGNING_CERTIFICATE = Setting.of(
            "provenance.signing_certificate",
            "FILE",
            "PEM certificate of that key, then the CAs above it; empty: the local CA's.",
            t -> t.isEmpty() ? Optional.empty() : Optional.of(Path.of(t)),
            c -> c.provenance().signingCertificate());
    static final Setting<Optional<String>> BLOBS_S3_BUCKET = Setting.of(
            "blobs.s3_bucket",
            "BUCKET",
            "S3-compatible bucket for uploads and URL images, shared by nodes; empty: the data folder.",
            t -> t.isEmpty() ? Optional.empty() : Optional.of(t),
            c -> c.blobs().s3Bucket());
    static final Setting<Optional<URI>> BLOBS_S3_ENDPOINT = Setting.of(
            "blobs.s3_endpoint",
            "URL",
            "The S3-compatible server (MinIO, Ceph, R2...); empty: AWS S3 for the region.",
            t -> t.isEmpty() ? Optional.empty() : Optional.of(SettingParsers.httpUrl(t)),
            c -> c.blobs().s3Endpoint());
    static final Setting<String> BLOBS_S3_REGION = Setting.of(
            "blobs.s3_region",
            "REGION",
            "The bucket's region.",
            SettingParsers::nonEmpty,
            c -> c.blobs().s3Region());
    static final Setting<Boolean> BLOBS_S3_PATH_STYLE = Setting.of(
            "blobs.s3_path_style",
            Config.BOOLEAN_LABEL,
            "Name the bucket in the path, not the host name (most self-hosted S3 servers).",
            SettingParsers::bool,
            c -> c.blobs().s3PathStyle());
    static final Setting<String> BLOBS_S3_PREFIX = Setting.of(
            "blobs.s3_prefix",
            "PREFIX",
            "Key prefix of Easel's objects in the bucket.",
            t -> t,
            c -> c.blobs().s3Prefix());
    static final Setting<Optional<Secret>> BLOBS_S3_ACCESS_KEY_ID = Setting.of(
            "blobs.s3_access_key_id",
            SECRET_LABEL,
            "Access key id for the bucket; empty: the AWS SDK's credential chain.",
            SettingParsers::secret,
            c -> c.blobs().s3AccessKeyId());
    static final Setting<Optional<Secret>> BLOBS_S3_SECRET_ACCESS_KEY = Setting.of(
            "blobs.s3_secret_access_key",
            SECRET_LABEL,
            "Secret access key for the bucket, with the access key id.",
            SettingParsers::secret,
            c -> c.blobs().s3SecretAccessKey());
    static final Setting<Boolean> PROVENANCE_WATERMARK = Setting.of(
            "provenance.watermark",
            Config.BOOLEAN_LABEL,
            "Embed Easel's invisible watermark in every generated image, previews included.",
            SettingParsers::bool,
            c -> c.provenance().watermark());

    static final List<Setting<?>> SETTINGS = Stream.of(
                    Stream.<Setting<?>>of(
                            HOST,
                            PORT,
                            MODELS_DIR,
                            DATA_DIR,
                            DEFAULT_MODEL,
                            MODEL_ALIASES,
                            DEFAULT_MODEL_REPO,
                            MATTING_MODEL,
                            QUEUE_SIZE,
                            WORKERS,
                            MAX_BODY_BYTES,
                            MAX_IMAGE_PIXELS,
                            STREAM_BUFFER_BYTES,
                            DEVICE,
                            THREADS,
                            EMBEDDING_CACHE_BYTES,
                            LATENT_CACHE_BYTES,
                            PLANNER_URL,
                            PLANNER_MODEL,
                            PLANNER_API_KEY,
                            PLANNER_TIMEOUT,
                            PLANNER_MODELS,
                            URL_ALLOW,
                            PUBLIC_URL,
                            CORS_ALLOWED_ORIGINS,
                            HUB_ENDPOINT,
                            HUB_TOKEN,
                            HUB_TIMEOUT,
                            MCP_CONNECT_TIMEOUT,
                            MCP_LIST_TIMEOUT,
                            MCP_CALL_TIMEOUT,
                            SEARCH_PROVIDER,
                            SEARCH_URL,
                            SEARCH_API_KEY,
                            SEARCH_TIMEOUT,
                            AUTH_API_KEYS,
                            AUTH_KEYS_FILE,
                            INSECURE_NO_AUTH,
                            REQUESTS_PER_MINUTE,
                            IMAGES_PER_MINUTE,
                            CONCURRENT_STREAMS,
                            STORED_BYTES,
                            MODERATION_ENABLED,
                            MODERATION_POLICY_FILE,
                            MODERATION_LOG_PROMPTS,
                            MODERATION_IMAGE_CLASSIFIER,
                            MODERATION_IMAGE_CLASSIFIER_LABELS,
                            MODERATION_TEXT_CLASSIFIER,
                            MODERATION_TEXT_CLASSIFIER_LABELS,
                            PROVENANCE_C2PA,
                            PROVENANCE_SIGNING_KEY,
                            PROVENANCE_SIGNING_CERTIFICATE,
                            PROVENANCE_WATERMARK,
                            BLOBS_S3_BUCKET,
                            BLOBS_S3_ENDPOINT,
                            BLOBS_S3_REGION,
                            BLOBS_S3_PATH_STYLE,
                            BLOBS_S3_PREFIX,
                            BLOBS_S3_ACCESS_KEY_ID,
                            BLOBS_S3_SECRET_ACCESS_KEY),
                    StoreSettings.ALL.stream(),
                    ClusterSettings.ALL.stream(),
                    // The engine's settings close the table.
                    EngineSettings.ALL.stream())
            .<Setting<?>>flatMap(s -> s)
            .toList();
    static final Map<String, Setting<?>> BY_KEY = SETTINGS.stream().collect(Collectors.toMap(Setting::key, s -> s));
}
