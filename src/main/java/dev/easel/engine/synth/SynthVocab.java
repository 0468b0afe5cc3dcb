package dev.easel.engine.synth;

import dev.easel.engine.sd.ClipBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a small CLIP-style BPE vocabulary ({@code vocab.json}, {@code merges.txt}) with the same
 * structure as the real one: 256 byte symbols, the same 256 with {@code </w>}, merged tokens for a
 * list of common prompt words, then {@code <|startoftext|>} and {@code <|endoftext|>}. Any text still
 * tokenizes (byte fallback); listed words become single tokens, as in the real vocabulary.
 */
final class SynthVocab {
    private static final List<String> WORDS = List.of(
            "a",
            "an",
            "the",
            "of",
            "in",
            "on",
            "at",
            "with",
            "and",
            "by",
            "photo",
            "painting",
            "portrait",
            "red",
            "orange",
            "yellow",
            "green",
            "blue",
            "purple",
            "pink",
            "black",
            "white",
            "gold",
            "silver",
            "fox",
            "cat",
            "dog",
            "bird",
            "horse",
            "dragon",
            "robot",
            "castle",
            "city",
            "forest",
            "mountain",
            "mountains",
            "sea",
            "ocean",
            "lake",
            "river",
            "sky",
            "sun",
            "moon",
            "stars",
            "sunset",
            "sunrise",
            "dawn",
            "night",
            "day",
            "snow",
            "rain",
            "fog",
            "storm",
            "flower",
            "flowers",
            "tree",
            "trees",
            "house",
            "street",
            "garden",
            "field",
            "desert",
            "beach",
            "island",
            "space",
            "planet",
            "ship",
            "car",
            "train",
            "bridge",
            "tower",
            "lighthouse",
            "cabin",
            "watercolor",
            "oil",
            "sketch",
            "digital",
            "art",
            "style",
            "detailed",
            "highly",
            "realistic",
            "cinematic",
            "lighting",
            "soft",
            "bright",
            "dark",
            "warm",
            "cold",
            "vivid",
            "pastel",
            "abstract",
            "landscape",
            "close",
            "up",
            "view",
            "old",
            "new",
            "small",
            "big",
            "tiny",
            "giant",
            "beautiful",
            "cute",
            "happy",
            "sad",
            "blurry",
            "ugly",
            "low",
            "quality",
            "cartoon",
            "anime",
            "3d",
            "render",
            "masterpiece");

    private SynthVocab() {}

    /** Writes the files and returns the ids of BOS and EOS (which is also the padding token). */
    static int[] write(Path tokenizerDir) throws IOException {
        return write(tokenizerDir, "<|endoftext|>");
    }

    /**
     * Writes the files with {@code padToken} as padding ({@code "!"}, id 0, as SD 2.x's and
     * SDXL's second tokenizer pad) and returns the ids of BOS and EOS.
     */
    static int[] write(Path tokenizerDir, String padToken) throws IOException {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List<String> byteSymbols = byteSymbols();
        for (String s : byteSymbols) {
            vocab.put(s, vocab.size());
        }
        for (String s : byteSymbols) {
            vocab.put(s + "</w>", vocab.size());
        }
        SequencedSet<String> merges = new LinkedHashSet<>();
        for (String word : WORDS) {
            addMerges(word, merges, vocab);
        }
        vocab.put("<|startoftext|>", vocab.size());
        vocab.put("<|endoftext|>", vocab.size());

        Files.createDirectories(tokenizerDir);
        Files.writeString(
                tokenizerDir.resolve("vocab.json"),
                JsonMapper.shared().writeValueAsString(vocab),
                StandardCharsets.UTF_8);
        Files.writeString(
                tokenizerDir.resolve("merges.txt"),
                "#version: 0.2\n" + String.join("\n", merges) + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(
                tokenizerDir.resolve("tokenizer_config.json"), """
                {"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": "%s",
                 "unk_token": "<|endoftext|>", "model_max_length": 77, "do_lower_case": true,
                 "tokenizer_class": "CLIPTokenizer"}
                """.formatted(padToken), StandardCharsets.UTF_8);
        return new int[] {vocab.get("<|startoftext|>"), vocab.get("<|endoftext|>")};
    }

    /** Left-to-right merges that build {@code word} (ASCII) into one token ending in {@code </w>}. */
    private static void addMerges(String word, SequencedSet<String> merges, Map<String, Integer> vocab) {
        if (word.length() < 2) {
            return;
        }
        String left = word.substring(0, 1);
        for (int i = 1; i < word.length(); i++) {
            String right = word.substring(i, i + 1) + (i == word.length() - 1 ? "</w>" : "");
            merges.add(left + " " + right);
            left = left + right;
            vocab.putIfAbsent(left, vocab.size());
        }
    }

    /** GPT-2's reversible byte → printable character table, in byte order. */
    private static List<String> byteSymbols() {
        List<String> symbols = new ArrayList<>(256);
        for (int b = 0; b < 256; b++) {
            symbols.add(String.valueOf(ClipBytes.of((byte) b)));
        }
        return symbols;
    }
}
