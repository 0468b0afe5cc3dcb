package dev.easel.images;

import dev.easel.engine.DiffusionModel;
import dev.easel.engine.EngineCaches;
import dev.easel.engine.ModelLoadException;
import dev.easel.engine.ModelSettings;
import dev.easel.engine.OrtRuntime;
import dev.easel.engine.text.ClipTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local models (sub-folders of the models directory holding a diffusers ONNX export) and the
 * alias table that lets code written for OpenAI run unchanged: OpenAI's image model names, and an
 * omitted model, resolve to the default local model; operators add or override aliases in the
 * configuration. Any other name of OpenAI's GPT image families ({@code gpt-image-*},
 * {@code chatgpt-image-*}: dated snapshots such as {@code gpt-image-2-2026-04-21}, variants such as
 * {@code gpt-image-2.5-flare}) resolves like its family: see {@link #family}. Every model's own
 * settings are checked when the registry is made ({@link ModelSettings#check}), so a model that
 * could not run them stops the server at startup; models load on first use and stay loaded;
 * thread-safe.
 */
public final class ModelRegistry implements AutoCloseable {
    /** OpenAI's image model names, all aliases of the default local model unless configured otherwise. */
    public static final List<String> OPENAI_IMAGE_MODELS = List.of(
            "gpt-image-1",
            "gpt-image-1-mini",
            "gpt-image-1.5",
            "gpt-image-2",
            "chatgpt-image-latest",
            "dall-e-2",
            "dall-e-3");

    /** The prefixes of OpenAI's GPT image model names; a name with one is never "unknown". */
    private static final List<String> GPT_IMAGE_PREFIXES = List.of("gpt-image-", "chatgpt-image-");

    /** A dated snapshot's suffix, as in gpt-image-2-2026-04-21. */
    private static final Pattern SNAPSHOT = Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$");

    private final Path modelsDir;
    private final OrtRuntime runtime;
    private final EngineCaches caches;
    private final List<String> local;
    private final String defaultModel;
    private final Map<String, String> aliases;
    private final Map<String, DiffusionModel> loaded = new ConcurrentHashMap<>();
    /** The tokenizers of models not loaded here (an API node's, whose models run on workers). */
    private final Map<String, ClipTokenizer> tokenizers = new ConcurrentHashMap<>();

    public ModelRegistry(
            Path modelsDir,
            String configuredDefault,
            Map<String, String> extraAliases,
            OrtRuntime runtime,
            EngineCaches caches)
            throws IOException {
        this.modelsDir = modelsDir;
        this.runtime = runtime;
        this.caches = caches;
        this.local = scan(modelsDir);
        this.defaultModel = defaultName(modelsDir, configuredDefault);
        // A model whose own settings it cannot run is refused now, not on every request for it.
        local.forEach(name -> ModelSettings.check(modelsDir.resolve(name)));
        Map<String, String> table = new LinkedHashMap<>();
        OPENAI_IMAGE_MODELS.forEach(name -> table.put(name, defaultModel));
        extraAliases.forEach((alias, target) -> {
            if (!local.contains(target)) {
                throw new ModelLoadException(
                        "model alias " + alias + " points at '" + target + "', which is not in " + modelsDir);
            }
            table.put(alias, target);
        });
        this.aliases = java.util.Collections.unmodifiableMap(table);
    }

    /**
     * The model that an omitted model name (and OpenAI's model names) resolves to: {@code
     * configured}, else the first model folder in {@code modelsDir} by name.
     *
     * @throws ModelLoadException when the folder has no model, or not the configured one
     */
    public static String defaultName(Path modelsDir, String configured) throws IOException {
        List<String> local = scan(modelsDir);
        if (local.isEmpty()) {
            throw new ModelLoadException("no models in " + modelsDir.toAbsolutePath());
        }
        if (!configured.isEmpty() && !local.contains(configured)) {
            throw new ModelLoadException(
                    "default_model '" + configured + "' is not in " + modelsDir + " (it has " + local + ")");
        }
        return configured.isEmpty() ? local.getFirst() : configured;
    }

    /** True if {@code dir} holds a model folder this registry would list. */
    public static boolean hasModels(Path dir) throws IOException {
        return !scan(dir).isEmpty();
    }

    public List<String> localModels() {
        return local;
    }

    public String defaultModel() {
        return defaultModel;
    }

    public Map<String, String> aliases() {
        return aliases;
    }

    /**
     * The local model a request names (a local name, an alias, or a GPT image model name, which
     * resolves like its family); empty picks the default.
     */
    public Optional<String> resolve(Optional<String> requested) {
        if (requested.isEmpty()) {
            return Optional.of(defaultModel);
        }
        String name = requested.get();
        if (local.contains(name)) {
            return Optional.of(name);
        }
        if (aliases.containsKey(name)) {
            return Optional.of(aliases.get(name));
        }
        return family(name);
    }

    /**
     * Where a GPT image model name that is not itself an alias resolves: like its family, found by
     * dropping a dated snapshot suffix ({@code gpt-image-1-mini-2025-10-06} → {@code
     * gpt-image-1-mini}), then taking the longest alias the name extends at a {@code -} or {@code .}
     * ({@code gpt-image-2.5-flare} → {@code gpt-image-2}; never {@code gpt-image-10} → {@code
     * gpt-image-1}). One that extends no alias ({@code gpt-image-3}) resolves like an omitted model.
     * Empty for names outside those families.
     */
    private Optional<String> family(String name) {
        Optional<String> prefix =
                GPT_IMAGE_PREFIXES.stream().filter(name::startsWith).findFirst();
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        String candidate = SNAPSHOT.matcher(name).replaceFirst("");
        while (candidate.length() > prefix.get().length()) {
            if (aliases.containsKey(candidate)) {
                return Optional.of(aliases.get(candidate));
            }
            int cut = Math.max(candidate.lastIndexOf('-'), candidate.lastIndexOf('.'));
            if (cut < prefix.get().length()) {
                break;
            }
            candidate = candidate.substring(0, cut);
        }
        return Optional.of(defaultModel);
    }

    /** The loaded model (loading it on first use). */
    public DiffusionModel get(String localName) {
        if (!local.contains(localName)) {
            throw new IllegalArgumentException("unknown local model " + localName);
        }
        return loaded.computeIfAbsent(localName, name -> DiffusionModel.load(modelsDir.resolve(name), runtime, caches));
    }

    /**
     * How many CLIP tokens {@code prompt} takes on the model, BOS and EOS included: the loaded model's count,
     * else its tokenizer's alone (its {@code tokenizer/} files; the model is not loaded for this).
     */
    public int promptTokens(String localName, String prompt) {
        DiffusionModel model = loaded.get(localName);
        if (model != null) {
            return model.promptTokens(prompt);
        }
        if (!local.contains(localName)) {
            throw new IllegalArgumentException("unknown local model " + localName);
        }
        return tokenizers
                .computeIfAbsent(localName, name -> {
                    Path dir = modelsDir.resolve(name).resolve("tokenizer");
                    try {
                        return ClipTokenizer.load(dir);
                    } catch (IOException | RuntimeException e) {
                        throw new ModelLoadException(
                                "cannot read the tokenizer of model " + name + " from " + dir + ": " + e.getMessage(),
                                e);
                    }
                })
                .encode(prompt)
                .tokenCount();
    }

    @Override
    public void close() {
        loaded.values().forEach(DiffusionModel::close);
        loaded.clear();
    }

    private static List<String> scan(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(p -> Files.isRegularFile(p.resolve("unet/model.onnx")))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .forEach(out::add);
        }
        return List.copyOf(out);
    }
}
