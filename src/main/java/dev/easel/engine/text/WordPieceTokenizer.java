package dev.easel.engine.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * BERT's WordPiece tokenizer, read from a Hugging Face {@code tokenizer.json} whose model is
 * {@code WordPiece} (BERT, DistilBERT and their fine-tunes, such as toxicity classifiers): BERT's
 * normaliser (lower case and accents stripped when the file says so, control characters removed,
 * CJK characters spaced), split on whitespace and punctuation, then greedy longest-match pieces
 * with the continuation prefix, {@code [CLS]} first and {@code [SEP]} last, cut at
 * {@code maxLength}. Immutable, thread-safe.
 */
public final class WordPieceTokenizer {
    private final Map<String, Integer> vocab;
    private final String prefix;
    private final int unknown;
    private final int cls;
    private final int sep;
    private final boolean lowercase;
    private final boolean stripAccents;
    private final int maxCharsPerWord;

    private WordPieceTokenizer(
            Map<String, Integer> vocab,
            String prefix,
            String unknownToken,
            boolean lowercase,
            boolean stripAccents,
            int maxCharsPerWord) {
        this.vocab = Map.copyOf(vocab);
        this.prefix = prefix;
        this.lowercase = lowercase;
        this.stripAccents = stripAccents;
        this.maxCharsPerWord = maxCharsPerWord;
        this.unknown = require(unknownToken);
        this.cls = require("[CLS]");
        this.sep = require("[SEP]");
    }

    private int require(String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException("the WordPiece vocabulary has no " + token);
        }
        return id;
    }

    /** Reads {@code tokenizer.json}. @throws IllegalArgumentException if its model is not WordPiece */
    public static WordPieceTokenizer read(Path tokenizerJson) throws IOException {
        JsonNode root = JsonMapper.shared().readTree(Files.readString(tokenizerJson));
        JsonNode model = root.path("model");
        if (!model.path("type").asString("").equals("WordPiece")) {
            throw new IllegalArgumentException(tokenizerJson + " is not a WordPiece tokenizer (its model is '"
                    + model.path("type").asString("none") + "'); only BERT-style classifiers are supported");
        }
        Map<String, Integer> vocab = new HashMap<>();
        for (var entry : model.path("vocab").properties()) {
            vocab.put(entry.getKey(), entry.getValue().asInt());
        }
        JsonNode normalizer = root.path("normalizer");
        boolean lowercase = normalizer.path("lowercase").asBoolean(true);
        JsonNode strip = normalizer.path("strip_accents");
        boolean stripAccents = strip.isBoolean() ? strip.asBoolean() : lowercase;
        return new WordPieceTokenizer(
                vocab,
                model.path("continuing_subword_prefix").asString("##"),
                model.path("unk_token").asString("[UNK]"),
                lowercase,
                stripAccents,
                model.path("max_input_chars_per_word").asInt(100));
    }

    /** The ids of {@code [CLS] text [SEP]}, at most {@code maxLength} of them. */
    public long[] encode(String text, int maxLength) {
        List<Long> ids = new ArrayList<>();
        ids.add((long) cls);
        for (String word : words(normalize(text))) {
            for (int id : pieces(word)) {
                if (ids.size() == maxLength - 1) {
                    break;
                }
                ids.add((long) id);
            }
        }
        ids.add((long) sep);
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private String normalize(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || (Character.isISOControl(cp) && !Character.isWhitespace(cp))) {
                return;
            }
            if (isCjk(cp)) {
                b.append(' ').appendCodePoint(cp).append(' ');
            } else {
                b.appendCodePoint(Character.isWhitespace(cp) ? ' ' : cp);
            }
        });
        String s = b.toString();
        if (lowercase) {
            s = s.toLowerCase(java.util.Locale.ROOT);
        }
        if (stripAccents) {
            s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{Mn}+", "");
        }
        return s;
    }

    private static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2FA1F)
                || (cp >= 0xF900 && cp <= 0xFAFF);
    }

    /** Whitespace-separated words, each punctuation character a word of its own. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp)) {
                flush(word, words);
            } else if (isPunctuation(cp)) {
                flush(word, words);
                words.add(new String(Character.toChars(cp)));
            } else {
                word.appendCodePoint(cp);
            }
        });
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    private static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.CONNECTOR_PUNCTUATION
                || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION
                || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION
                || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }

    /** Greedy longest-match pieces of one word; the unknown token when it cannot be split. */
    private List<Integer> pieces(String word) {
        if (word.codePointCount(0, word.length()) > maxCharsPerWord) {
            return List.of(unknown);
        }
        List<Integer> out = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (start < end) {
                String piece = (start > 0 ? prefix : "") + word.substring(start, end);
                found = vocab.get(piece);
                if (found != null) {
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (found == null) {
                return List.of(unknown);
            }
            out.add(found);
            start = end;
        }
        return out;
    }
}
