package dev.easel.cli;

import dev.easel.Config;
import dev.easel.engine.text.EditDistance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Where a configuration comes from outside the process, read over {@link Config#defaults()} in
 * this order, each layer overriding the one before: {@code easel.yaml}, the environment, flags.
 * An unknown key in the file is an error naming the nearest known key. An unknown {@code EASEL_*}
 * variable is only a warning naming the nearest known variable: the environment is shared with
 * other programs and other Easel commands ({@code EASEL_MODEL} is {@code generate}'s), so refusing
 * to start over it would be hostile.
 *
 * @param file {@code easel.yaml}; when present it must exist
 * @param env the process environment
 * @param flags values given on the command line, by {@link Config.Setting#key()}
 */
public record ConfigSources(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {

    /** Names read before the settings had one name per layer; still honoured, with a warning. */
    private static final Map<String, String> DEPRECATED_ENV =
            Map.of("EASEL_MODELS", "models_dir", "EASEL_DATA", "data_dir");
    /** EASEL_* variables that other commands or the launcher read, so not worth a warning. */
    private static final Set<String> OTHER_ENV = Set.of("EASEL_MODEL", "EASEL_JAVA_OPTS", "EASEL_LOG_LEVEL");

    /**
     * @param warnings told about ignored or deprecated environment variables
     * @throws IOException when the file is missing or unreadable
     * @throws IllegalArgumentException naming the setting and where its value came from
     */
    public Config load(Consumer<String> warnings) throws IOException {
        Config.Builder builder = new Config.Builder(Config.defaults());
        if (file.isPresent()) {
            readFile(builder, file.get());
        }
        readEnv(builder, warnings);
        flags.forEach((key, text) -> {
            Config.Setting<?> setting = Config.setting(key).orElseThrow(() -> unknown(key, "among the flags"));
            builder.set(setting, text, "from " + setting.flag());
        });
        return builder.build();
    }

    /** The file named by {@code --config}, else {@code ./easel.yaml} when there is one. */
    static Optional<Path> chooseFile(Path flag) {
        return Optional.ofNullable(flag)
                .or(() -> Optional.of(Path.of("easel.yaml")).filter(Files::exists));
    }

    private static void readFile(Config.Builder builder, Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("config file " + file + " does not exist");
        }
        JsonNode tree;
        try {
            tree = new YAMLMapper().readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return;
        }
        if (!tree.isObject()) {
            throw new IllegalArgumentException(file + " must hold settings as `key: value` lines");
        }
        readSection(builder, tree, "", "in " + file);
    }

    private static void readSection(Config.Builder builder, JsonNode section, String prefix, String where) {
        for (String name : section.propertyNames()) {
            String key = prefix + name;
            JsonNode node = section.get(name);
            if (prefix.isEmpty() && sections().contains(key)) {
                if (node.isObject()) {
                    readSection(builder, node, key + ".", where);
                } else if (!node.isNull()) {
                    throw new IllegalArgumentException("'" + key + "' " + where + " is a section of settings ("
                            + sectionKeys(key) + "), not a value");
                }
                continue;
            }
            Config.Setting<?> setting = Config.setting(key).orElseThrow(() -> unknown(key, where));
            builder.set(setting, text(setting, node, where), where);
        }
    }

    private void readEnv(Config.Builder builder, Consumer<String> warnings) {
        Map<String, Config.Setting<?>> byEnv =
                Config.settings().stream().collect(Collectors.toMap(Config.Setting::env, s -> s));
        for (String name : new TreeSet<>(env.keySet())) {
            Config.Setting<?> setting = byEnv.get(name);
            Optional<Config.Setting<?>> renamed =
                    Optional.ofNullable(DEPRECATED_ENV.get(name)).flatMap(Config::setting);
            if (setting != null) {
                builder.set(setting, env.get(name), "from " + name);
            } else if (renamed.isPresent()) {
                warnings.accept(name + " is deprecated; set " + renamed.get().env() + " instead");
                if (!env.containsKey(renamed.get().env())) {
                    builder.set(renamed.get(), env.get(name), "from " + name);
                }
            } else if (name.startsWith("EASEL_") && !OTHER_ENV.contains(name)) {
                List<String> names =
                        Config.settings().stream().map(Config.Setting::env).toList();
                warnings.accept("ignoring " + name + ", which is not a setting; did you mean "
                        + nearest(name, names, n -> n) + "?");
            }
        }
    }

    /** A YAML node as the text its setting parses: lists and mappings only where the setting takes them. */
    private static String text(Config.Setting<?> setting, JsonNode node, String where) {
        if (node.isNull()) {
            return "";
        }
        if (node.isValueNode()) {
            return node.asString();
        }
        List<String> parts = new ArrayList<>();
        if (node.isArray() && setting.shape() == Config.Shape.LIST) {
            node.values().forEach(item -> parts.add(scalar(setting, item, where)));
        } else if (node.isObject() && setting.shape() == Config.Shape.MAP) {
            node.properties().forEach(e -> parts.add(e.getKey() + "=" + scalar(setting, e.getValue(), where)));
        } else {
            throw new IllegalArgumentException("invalid " + setting.key() + " " + where + ": expected a single value, "
                    + "got a " + (node.isArray() ? "list" : "mapping"));
        }
        return String.join(",", parts);
    }

    private static String scalar(Config.Setting<?> setting, JsonNode item, String where) {
        if (!item.isValueNode()) {
            throw new IllegalArgumentException(
                    "invalid " + setting.key() + " " + where + ": its entries must be single values");
        }
        return item.asString();
    }

    private static IllegalArgumentException unknown(String key, String where) {
        List<String> candidates = new ArrayList<>(
                Config.settings().stream().map(Config.Setting::key).toList());
        candidates.addAll(sections());
        return new IllegalArgumentException("unknown setting '" + key + "' " + where + "; did you mean '"
                + nearest(key, candidates, ConfigSources::leaf) + "'?");
    }

    /**
     * The candidate closest to {@code name} by edit distance, ignoring case; a candidate whose
     * {@code part} equals the name's comes first, so a key written in the wrong section
     * ({@code api_key} at the top) still finds its place ({@code planner.api_key}). Ties go to the
     * earlier candidate.
     */
    static String nearest(String name, List<String> candidates, Function<String, String> part) {
        String lower = name.toLowerCase(Locale.ROOT);
        return candidates.stream()
                .min(Comparator.comparingInt(c -> part.apply(lower).equals(part.apply(c.toLowerCase(Locale.ROOT)))
                        ? 0
                        : EditDistance.between(lower, c.toLowerCase(Locale.ROOT))))
                .orElseThrow();
    }

    /** The section names, in table order: the part of a key before its dot. */
    private static Set<String> sections() {
        return Config.settings().stream()
                .map(Config.Setting::key)
                .filter(key -> key.contains("."))
                .map(key -> key.substring(0, key.indexOf('.')))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String sectionKeys(String section) {
        return Config.settings().stream()
                .map(Config.Setting::key)
                .filter(key -> key.startsWith(section + "."))
                .map(ConfigSources::leaf)
                .collect(Collectors.joining(", "));
    }

    private static String leaf(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }
}
