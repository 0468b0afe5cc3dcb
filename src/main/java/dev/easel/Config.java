package dev.easel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Everything an operator can set. Sources, each overriding the one before: built-in defaults,
 * {@code easel.yaml} (snake_case keys, the names below), {@code EASEL_*} environment variables
 * (upper-case of the same names), then command-line flags (applied by the CLI through
 * {@link #with}).
 *
 * @param defaultModel local model folder name that OpenAI's image model names resolve to; empty
 *     means the first model found
 * @param modelAliases extra alias → local model entries, on top of the built-in OpenAI names
 * @param defaultModelRepo Hugging Face repo pulled when the models folder is empty and the hub is reachable
 * @param queueSize jobs that may wait for the engine before requests get 429
 * @param workers jobs the engine runs at once
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
        String device,
        int threads,
        long embeddingCacheBytes,
        long latentCacheBytes) {

    public Config {
        modelAliases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modelAliases));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        if (queueSize < 1 || workers < 1) {
            throw new IllegalArgumentException("queue_size and workers must be at least 1");
        }
        if (embeddingCacheBytes < 0 || latentCacheBytes < 0) {
            throw new IllegalArgumentException("cache sizes must be ≥ 0");
        }
        if (maxBodyBytes < 1024 || maxImagePixels < 64 * 64) {
            throw new IllegalArgumentException("max_body_bytes or max_image_pixels is too small");
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
                "auto",
                0,
                64L << 20,
                256L << 20);
    }

    /** Defaults, then the YAML file if it exists, then the environment. */
    public static Config load(Optional<Path> yaml, Map<String, String> env) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (yaml.isPresent()) {
            if (!Files.exists(yaml.get())) {
                throw new IOException("config file " + yaml.get() + " does not exist");
            }
            JsonNode tree = new YAMLMapper().readTree(Files.readString(yaml.get()));
            for (String key : tree.propertyNames()) {
                JsonNode v = tree.get(key);
                values.put(key, v.isObject() ? aliasText(v) : v.asString());
            }
        }
        env.forEach((key, value) -> {
            if (key.startsWith("EASEL_")) {
                values.put(key.substring(6).toLowerCase(Locale.ROOT), value);
            }
        });
        return defaults().with(values);
    }

    /** A copy with the given snake_case settings applied; keys this record does not know are ignored. */
    public Config with(Map<String, String> values) {
        Builder b = new Builder(this);
        values.forEach(b::set);
        return b.build();
    }

    /** Mutable while settings are applied in order; one key at a time, each checked. */
    private static final class Builder {
        String host;
        int port;
        Path modelsDir;
        Path dataDir;
        String defaultModel;
        Map<String, String> modelAliases;
        String defaultModelRepo;
        int queueSize;
        int workers;
        long maxBodyBytes;
        long maxImagePixels;
        String device;
        int threads;
        long embeddingCacheBytes;
        long latentCacheBytes;

        Builder(Config c) {
            host = c.host;
            port = c.port;
            modelsDir = c.modelsDir;
            dataDir = c.dataDir;
            defaultModel = c.defaultModel;
            modelAliases = c.modelAliases;
            defaultModelRepo = c.defaultModelRepo;
            queueSize = c.queueSize;
            workers = c.workers;
            maxBodyBytes = c.maxBodyBytes;
            maxImagePixels = c.maxImagePixels;
            device = c.device;
            threads = c.threads;
            embeddingCacheBytes = c.embeddingCacheBytes;
            latentCacheBytes = c.latentCacheBytes;
        }

        void set(String key, String raw) {
            String v = raw.trim();
            switch (key) {
                case "host" -> host = v;
                case "port" -> port = Math.toIntExact(number(key, v));
                case "models", "models_dir" -> modelsDir = Path.of(v);
                case "data", "data_dir" -> dataDir = Path.of(v);
                case "default_model" -> defaultModel = v;
                case "model_aliases" -> modelAliases = parseAliases(v);
                case "default_model_repo" -> defaultModelRepo = v;
                case "queue_size" -> queueSize = Math.toIntExact(number(key, v));
                case "workers" -> workers = Math.toIntExact(number(key, v));
                case "max_body_bytes" -> maxBodyBytes = number(key, v);
                case "max_image_pixels" -> maxImagePixels = number(key, v);
                case "device" -> device = v;
                case "threads" -> threads = Math.toIntExact(number(key, v));
                case "embedding_cache_bytes" -> embeddingCacheBytes = number(key, v);
                case "latent_cache_bytes" -> latentCacheBytes = number(key, v);
                default -> {
                    // other components' settings (planner, keys, ...) pass through untouched
                }
            }
        }

        Config build() {
            return new Config(
                    host,
                    port,
                    modelsDir,
                    dataDir,
                    defaultModel,
                    modelAliases,
                    defaultModelRepo,
                    queueSize,
                    workers,
                    maxBodyBytes,
                    maxImagePixels,
                    device,
                    threads,
                    embeddingCacheBytes,
                    latentCacheBytes);
        }

        private static long number(String key, String v) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(key + " must be a number: " + v);
            }
        }
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
                throw new IllegalArgumentException("model_aliases entries look like alias=model: " + pair);
            }
            out.put(kv[0].trim(), kv[1].trim());
        }
        return out;
    }

    private static String aliasText(JsonNode object) {
        StringBuilder s = new StringBuilder();
        for (String key : object.propertyNames()) {
            s.append(s.isEmpty() ? "" : ",")
                    .append(key)
                    .append('=')
                    .append(object.get(key).asString());
        }
        return s.toString();
    }
}
