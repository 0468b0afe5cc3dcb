package dev.easel.engine.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Readers for the files of a diffusers {@code tokenizer/} folder. Malformed files fail loudly. */
final class TokenizerFiles {

    static final String VOCAB = "vocab.json";
    static final String MERGES = "merges.txt";

    /**
     * CLIPTokenizer reads at most this many merges (its vocabulary is 49152 merges and bytes
     * less 256 plain bytes and 2 specials); lines past it are ignored there, so here too.
     */
    static final int MAX_MERGES = 49152 - 256 - 2;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TokenizerFiles() {}

    /** vocab.json: a JSON object from token string to id. */
    static Map<String, Integer> readVocab(Path file) throws IOException {
        JsonNode root = readJson(file);
        if (!root.isObject()) {
            throw new IOException(file + ": expected a JSON object of token to id");
        }
        Map<String, Integer> vocab = new HashMap<>(root.size() * 2);
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            JsonNode id = entry.getValue();
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
                throw new IOException(file + ": id of " + entry.getKey() + " is not a non-negative int: " + id);
            }
            vocab.put(entry.getKey(), id.intValue());
        }
        return Map.copyOf(vocab);
    }

    /**
     * merges.txt: an optional {@code #version} header, then one merge per line, two symbols
     * separated by a space, best (lowest rank) first.
     */
    static List<List<String>> readMerges(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int first = !lines.isEmpty() && lines.getFirst().startsWith("#version") ? 1 : 0;
        int end = lines.size();
        // Trailing blank lines are dropped, as CLIPTokenizer's strip() does; blank lines inside
        // would shift every later rank there, so they are rejected instead.
        while (end > first && lines.get(end - 1).isBlank()) {
            end--;
        }
        end = Math.min(end, first + MAX_MERGES);
        List<List<String>> merges = new ArrayList<>(end - first);
        for (int i = first; i < end; i++) {
            String[] parts = lines.get(i).strip().split("\\s+");
            if (parts.length != 2) {
                throw new IOException(file + ":" + (i + 1) + ": expected two symbols, got '" + lines.get(i) + "'");
            }
            merges.add(List.of(parts[0], parts[1]));
        }
        return merges;
    }

    /** The parsed JSON of {@code file}; IOException also for malformed JSON. */
    static JsonNode readJson(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IOException(file + ": malformed JSON: " + e.getOriginalMessage(), e);
        }
    }
}
