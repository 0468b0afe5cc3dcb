package dev.easel.engine.text;

import dev.easel.engine.sd.ClipBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CLIP's byte-level BPE tokenizer, giving the same ids as HuggingFace's CLIPTokenizer for the
 * tokenizer folders of Stable Diffusion 1.x and 2.x exports.
 *
 * <p>Encoding: {@linkplain TextCleaner clean} (NFC, whitespace collapsed and stripped, lower case),
 * {@linkplain PreTokenizer split into words}, spell each word's UTF-8 bytes with
 * {@linkplain ClipBytes GPT-2's byte characters}, {@linkplain BytePairEncoder merge by rank},
 * look the symbols up in the vocabulary, then frame with BOS and EOS and pad to the context length.
 *
 * <p>Immutable apart from a bounded word cache, so one instance serves any number of threads.
 */
public final class ClipTokenizer {

    public static final int CONTEXT_LENGTH = 77;

    /** Distinct words remembered; a few thousand covers the working vocabulary of many prompts. */
    static final int DEFAULT_CACHE_CAPACITY = 8192;

    private static final Logger LOG = LoggerFactory.getLogger(ClipTokenizer.class);

    private final Map<String, Integer> vocab;
    private final BytePairEncoder bpe;
    private final WordCache cache;
    private final int bosId;
    private final int eosId;
    private final int padId;
    private final int unkId;
    private final int maxLength;

    private ClipTokenizer(Map<String, Integer> vocab, BytePairEncoder bpe, Ids ids, int maxLength, int cacheCapacity) {
        this.vocab = vocab;
        this.bpe = bpe;
        this.cache = new WordCache(cacheCapacity);
        this.bosId = ids.bos();
        this.eosId = ids.eos();
        this.padId = ids.pad();
        this.unkId = ids.unk();
        this.maxLength = maxLength;
    }

    private record Ids(int bos, int eos, int pad, int unk) {}

    /**
     * Loads a diffusers {@code tokenizer/} folder: vocab.json, merges.txt, and when present
     * tokenizer_config.json and special_tokens_map.json (which decide the pad token and
     * model_max_length).
     *
     * @throws IOException when a file is missing or malformed, or a special token is not in the vocabulary
     */
    public static ClipTokenizer load(Path tokenizerDir) throws IOException {
        return load(tokenizerDir, DEFAULT_CACHE_CAPACITY);
    }

    /** As {@link #load(Path)}, with a chosen word-cache capacity (tests shrink it to force evictions). */
    static ClipTokenizer load(Path tokenizerDir, int cacheCapacity) throws IOException {
        Map<String, Integer> vocab = TokenizerFiles.readVocab(tokenizerDir.resolve(TokenizerFiles.VOCAB));
        List<List<String>> merges = TokenizerFiles.readMerges(tokenizerDir.resolve(TokenizerFiles.MERGES));
        TokenizerConfig config = TokenizerConfig.load(tokenizerDir, CONTEXT_LENGTH);
        Ids ids = new Ids(
                requireId(vocab, config.bos(), "bos_token", tokenizerDir),
                requireId(vocab, config.eos(), "eos_token", tokenizerDir),
                requireId(vocab, config.pad(), "pad_token", tokenizerDir),
                requireId(vocab, config.unk(), "unk_token", tokenizerDir));
        return new ClipTokenizer(vocab, new BytePairEncoder(merges), ids, config.maxLength(), cacheCapacity);
    }

    private static int requireId(Map<String, Integer> vocab, String token, String role, Path dir) throws IOException {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IOException(dir + ": " + role + " '" + token + "' is not in " + TokenizerFiles.VOCAB);
        }
        return id;
    }

    /**
     * Encodes to exactly {@link #CONTEXT_LENGTH} ids (or the folder's model_max_length): BOS,
     * tokens, EOS, then padding. A prompt with more tokens than fit keeps its first ones, still
     * ends in EOS, and logs one WARN naming how many tokens were dropped. Thread-safe.
     */
    public TokenizedPrompt encode(String text) {
        Objects.requireNonNull(text, "text");
        int[] tokens = new int[maxLength];
        int count = 0;
        for (String word : PreTokenizer.split(TextCleaner.clean(text))) {
            int[] wordIds = cache.get(word, this::encodeWord);
            if (count + wordIds.length > tokens.length) {
                tokens = Arrays.copyOf(tokens, Math.max(2 * tokens.length, count + wordIds.length));
            }
            System.arraycopy(wordIds, 0, tokens, count, wordIds.length);
            count += wordIds.length;
        }

        int room = maxLength - 2;
        int kept = Math.min(count, room);
        boolean truncated = count > room;
        if (truncated) {
            LOG.warn(
                    "Prompt has {} tokens but the text encoder takes {} besides BOS and EOS; dropped the last {}",
                    count,
                    room,
                    count - room);
        }
        int[] ids = new int[maxLength];
        Arrays.fill(ids, padId);
        ids[0] = bosId;
        System.arraycopy(tokens, 0, ids, 1, kept);
        ids[kept + 1] = eosId;
        return new TokenizedPrompt(ids, kept + 2, truncated);
    }

    /** The ids of one word from {@link PreTokenizer}; symbols missing from the vocabulary become unk. */
    private int[] encodeWord(String word) {
        // The special tokens' own spelling is their vocabulary entry, without BPE or end-of-word mark.
        if (word.equals(PreTokenizer.START_OF_TEXT) || word.equals(PreTokenizer.END_OF_TEXT)) {
            return new int[] {vocab.getOrDefault(word, unkId)};
        }
        List<String> symbols = bpe.encode(ClipBytes.encode(word.getBytes(StandardCharsets.UTF_8)));
        int[] ids = new int[symbols.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocab.getOrDefault(symbols.get(i), unkId);
        }
        return ids;
    }

    public int bosId() {
        return bosId;
    }

    public int eosId() {
        return eosId;
    }

    public int padId() {
        return padId;
    }

    public int vocabSize() {
        return vocab.size();
    }
}
