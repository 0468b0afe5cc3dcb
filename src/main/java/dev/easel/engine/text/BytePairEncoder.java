package dev.easel.engine.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Byte-pair encoding of one word, by merge rank, exactly as OpenAI's CLIP and HuggingFace's
 * CLIPTokenizer do it.
 *
 * <p>The word starts as one symbol per character with {@value #END_OF_WORD} glued to the last, so
 * "he" at the end of a word and "he" inside one are different symbols. Then, repeatedly, the
 * adjacent pair with the lowest rank anywhere in the word is found and every occurrence of it,
 * left to right without overlap, is merged, until no adjacent pair has a rank. Merging by rank
 * rather than in text order is what makes the result match the vocabulary the merges were
 * learned with.
 *
 * <p>Immutable, so safe to share between threads.
 */
final class BytePairEncoder {

    static final String END_OF_WORD = "</w>";

    private record Pair(String first, String second) {}

    private final Map<Pair, Integer> ranks;

    /** {@code merges.get(r)} is the pair of rank {@code r}; each entry holds exactly two symbols. */
    BytePairEncoder(List<List<String>> merges) {
        Map<Pair, Integer> byPair = new HashMap<>(merges.size() * 2);
        for (int rank = 0; rank < merges.size(); rank++) {
            List<String> merge = merges.get(rank);
            if (merge.size() != 2) {
                throw new IllegalArgumentException("merge " + rank + " is not a pair: " + merge);
            }
            // A repeated pair takes its last rank, as the dict CLIPTokenizer builds from the list does.
            byPair.put(new Pair(merge.get(0), merge.get(1)), rank);
        }
        this.ranks = Map.copyOf(byPair);
    }

    /** The symbols of {@code word}, a non-empty string of byte-spelling characters, after merging. */
    List<String> encode(String word) {
        if (word.isEmpty()) {
            throw new IllegalArgumentException("cannot encode an empty word");
        }
        List<String> symbols = new ArrayList<>(word.length());
        for (int i = 0; i < word.length() - 1; i++) {
            symbols.add(String.valueOf(word.charAt(i)));
        }
        symbols.add(word.charAt(word.length() - 1) + END_OF_WORD);

        while (symbols.size() > 1) {
            Optional<Pair> best = lowestRankedPair(symbols);
            if (best.isEmpty()) {
                break;
            }
            symbols = mergeAll(symbols, best.get());
        }
        return symbols;
    }

    /** The adjacent pair with the lowest rank; empty when no adjacent pair has one. */
    private Optional<Pair> lowestRankedPair(List<String> symbols) {
        Pair best = null;
        int bestRank = Integer.MAX_VALUE;
        for (int i = 0; i < symbols.size() - 1; i++) {
            Pair pair = new Pair(symbols.get(i), symbols.get(i + 1));
            Integer rank = ranks.get(pair);
            if (rank != null && rank < bestRank) {
                best = pair;
                bestRank = rank;
            }
        }
        return Optional.ofNullable(best);
    }

    private static List<String> mergeAll(List<String> symbols, Pair pair) {
        List<String> merged = new ArrayList<>(symbols.size());
        int i = 0;
        while (i < symbols.size()) {
            if (i < symbols.size() - 1
                    && symbols.get(i).equals(pair.first())
                    && symbols.get(i + 1).equals(pair.second())) {
                merged.add(pair.first() + pair.second());
                i += 2;
            } else {
                merged.add(symbols.get(i));
                i++;
            }
        }
        return merged;
    }
}
