package dev.easel;

import dev.easel.Config.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** How {@link ConfigTable}'s settings read their text: each throws an IllegalArgumentException saying what is expected. */
final class SettingParsers {
    private static final long MAX_TIMEOUT_SECONDS = 24 * 3600;

    private SettingParsers() {}

    static long whole(String text, long min, long max) {
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

    /** A number in (0, 1]. */
    static double fraction(String text) {
        try {
            double value = Double.parseDouble(text);
            if (value > 0 && value <= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("must be a number in (0, 1], got '" + text + "'");
    }

    /** "a,b" → [a, b]: names without spaces. */
    static List<String> names(String text) {
        List<String> out = new java.util.ArrayList<>();
        for (String part : text.split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (name.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("names are comma-separated, without spaces, got '" + name + "'");
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("must be true or false, got '" + text + "'");
        };
    }

    static String nonEmpty(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return text;
    }

    static URI httpUrl(String text) {
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

    /** An http(s) base URL without query, fragment or trailing slash. */
    static URI publicUrl(String text) {
        URI uri = httpUrl(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "must be a base URL like https://images.example.com, got '" + text + "'");
        }
        return uri;
    }

    static Path path(String text) {
        return Path.of(nonEmpty(text));
    }

    static Duration seconds(String text) {
        return Duration.ofSeconds(whole(text, 1, MAX_TIMEOUT_SECONDS));
    }

    static Optional<Secret> secret(String text) {
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
