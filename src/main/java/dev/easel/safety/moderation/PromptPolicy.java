package dev.easel.safety.moderation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The prompt policy: categories, each blocking a prompt that holds one of its terms, matches one
 * of its patterns, or holds a term of every group of one of its combinations. Matching is on a
 * folded form of the prompt, so case, accents, look-alike digits ({@code nud3}), and letters spaced
 * or dotted apart ({@code n.u.d.e}) do not get around it; terms match whole words or phrases.
 * Categories marked {@code low: allow} are borderline: {@code moderation: low} lets them through.
 * Read from YAML (the built-in policy, or the operator's file). Immutable, thread-safe.
 *
 * <pre>{@code
 * categories:
 *   - name: violence/graphic
 *     low: allow
 *     terms: [gore, dismembered]
 *     patterns: ['\bblood\s+everywhere\b']
 *     combinations: [[[child, kid], [weapon, gun]]]
 * }</pre>
 */
public final class PromptPolicy {
    private static final String BUILT_IN = "/moderation/policy.yaml";

    private final List<Category> categories;

    private PromptPolicy(List<Category> categories) {
        this.categories = List.copyOf(categories);
    }

    /** One category: its name (as reported in {@code safety_violations}) and what matches it. */
    record Category(
            String name,
            boolean allowedAtLow,
            List<String> terms,
            List<Pattern> patterns,
            List<List<List<String>>> all) {
        boolean matches(String folded) {
            for (String term : terms) {
                if (contains(folded, term)) {
                    return true;
                }
            }
            for (Pattern p : patterns) {
                if (p.matcher(folded).find()) {
                    return true;
                }
            }
            for (List<List<String>> groups : all) {
                if (groups.stream().allMatch(g -> g.stream().anyMatch(t -> contains(folded, t)))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The policy Easel ships with. */
    public static PromptPolicy builtIn() {
        try (InputStream in = PromptPolicy.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("the built-in moderation policy " + BUILT_IN + " is missing");
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "the built-in policy");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operator's policy file (YAML or JSON). */
    public static PromptPolicy read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the moderation policy " + file + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming {@code where} and the category for anything malformed */
    static PromptPolicy parse(String yaml, String where) {
        JsonNode root;
        try {
            root = YAMLMapper.builder().build().readTree(yaml);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the moderation policy " + where + " is not valid YAML", e);
        }
        if (root == null || !root.path("categories").isArray()) {
            throw new IllegalArgumentException("the moderation policy " + where + " needs a 'categories' list");
        }
        List<Category> categories = new ArrayList<>();
        for (JsonNode c : root.get("categories")) {
            String name = c.path("name").asString("");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a category of the moderation policy " + where + " has no name");
            }
            String at = "category '" + name + "' of the moderation policy " + where;
            String low = c.path("low").asString("block");
            if (!low.equals("allow") && !low.equals("block")) {
                throw new IllegalArgumentException(at + ": 'low' is 'allow' or 'block'");
            }
            List<Pattern> patterns = new ArrayList<>();
            for (String p : strings(c.path("patterns"), at + " patterns")) {
                try {
                    patterns.add(Pattern.compile(p, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(at + ": bad pattern '" + p + "': " + e.getDescription(), e);
                }
            }
            List<List<List<String>>> all = new ArrayList<>();
            for (JsonNode combination : c.path("combinations")) {
                List<List<String>> groups = new ArrayList<>();
                for (JsonNode group : combination) {
                    groups.add(strings(group, at + " combinations").stream()
                            .map(PromptPolicy::fold)
                            .toList());
                }
                all.add(groups);
            }
            categories.add(new Category(
                    name,
                    low.equals("allow"),
                    strings(c.path("terms"), at + " terms").stream()
                            .map(PromptPolicy::fold)
                            .toList(),
                    patterns,
                    all));
        }
        return new PromptPolicy(categories);
    }

    private static List<String> strings(JsonNode node, String what) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(what + " must be a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isString() || n.asString().isBlank()) {
                throw new IllegalArgumentException(what + " must hold non-empty strings");
            }
            out.add(n.asString());
        }
        return out;
    }

    /** The categories the text falls in at this level (empty: allowed). */
    public List<String> categories(String text, ModerationLevel level) {
        String folded = fold(text);
        List<String> hit = new ArrayList<>();
        for (Category c : categories) {
            if ((level == ModerationLevel.AUTO || !c.allowedAtLow()) && c.matches(folded)) {
                hit.add(c.name());
            }
        }
        return hit;
    }

    /** The names of the policy's categories, in order. */
    public List<String> names() {
        return categories.stream().map(Category::name).toList();
    }

    /**
     * Text as the policy compares it: lower case, accents and compatibility forms removed,
     * look-alike digits and signs as letters, everything but letters a single space, letters
     * spelled one by one ({@code n u d e}) also joined, one space at each end.
     */
    static String fold(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(s.length() + 2);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            char mapped = switch (ch) {
                case '0' -> 'o';
                case '1', '!' -> 'i';
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '7' -> 't';
                default -> ch;
            };
            b.append(Character.isLetter(mapped) ? mapped : ' ');
        }
        String[] words = b.toString().trim().split(" +");
        StringBuilder out = new StringBuilder(" ");
        for (String word : words) {
            if (!word.isEmpty()) {
                out.append(word).append(' ');
            }
        }
        // Letters spelled one by one (n u d e, n.u.d.e): each run of three or more is also written
        // joined, and joined without its first letter (an article before it: a n.u.d.e).
        for (int i = 0; i < words.length; ) {
            int end = i;
            while (end < words.length && words[end].length() == 1) {
                end++;
            }
            if (end - i >= 3) {
                String run = String.join("", java.util.Arrays.asList(words).subList(i, end));
                out.append(run).append(' ').append(run.substring(1)).append(' ');
            }
            i = Math.max(end, i + 1);
        }
        return out.toString();
    }

    /** Whether the folded text holds the folded term as whole words. */
    private static boolean contains(String folded, String term) {
        return folded.contains(term.startsWith(" ") ? term : " " + term.strip() + " ");
    }
}
