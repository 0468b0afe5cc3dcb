package dev.easel.engine.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The special tokens and context length of a tokenizer folder, as CLIPTokenizer resolves them:
 * a value in special_tokens_map.json wins over tokenizer_config.json, which wins over the CLIP
 * default. Pad defaults to the EOS token (SD 1.x); SD 2.x exports set it to "!".
 *
 * @param bos       begin-of-text token
 * @param eos       end-of-text token
 * @param pad       token that fills the context after EOS
 * @param unk       token for symbols the vocabulary lacks
 * @param maxLength ids per encoded prompt, at least 2 (BOS and EOS)
 */
record TokenizerConfig(String bos, String eos, String pad, String unk, int maxLength) {

    static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    static final String SPECIAL_TOKENS_MAP = "special_tokens_map.json";

    TokenizerConfig {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must hold BOS and EOS: " + maxLength);
        }
    }

    static TokenizerConfig load(Path tokenizerDir, int defaultMaxLength) throws IOException {
        JsonNode config = readOptional(tokenizerDir.resolve(TOKENIZER_CONFIG));
        JsonNode specials = readOptional(tokenizerDir.resolve(SPECIAL_TOKENS_MAP));
        String bos = token(specials, config, "bos_token", PreTokenizer.START_OF_TEXT);
        String eos = token(specials, config, "eos_token", PreTokenizer.END_OF_TEXT);
        String pad = token(specials, config, "pad_token", eos);
        String unk = token(specials, config, "unk_token", PreTokenizer.END_OF_TEXT);
        return new TokenizerConfig(bos, eos, pad, unk, maxLength(config, defaultMaxLength, tokenizerDir));
    }

    /** The file's JSON, or a missing node (every key absent) when the file is; both are optional. */
    private static JsonNode readOptional(Path file) throws IOException {
        if (!Files.exists(file)) {
            return MissingNode.getInstance();
        }
        JsonNode node = TokenizerFiles.readJson(file);
        if (!node.isObject()) {
            throw new IOException(file + ": expected a JSON object");
        }
        return node;
    }

    private static String token(JsonNode specials, JsonNode config, String key, String fallback) throws IOException {
        for (JsonNode source : new JsonNode[] {specials, config}) {
            JsonNode value = source.path(key);
            // Tokens are written either as a plain string or as a serialised AddedToken object.
            if (value.isObject()) {
                value = value.path("content");
            }
            if (value.isString()) {
                return value.stringValue();
            }
            if (!value.isMissingNode() && !value.isNull()) {
                throw new IOException(key + " is neither a string nor {\"content\": string}: " + value);
            }
        }
        return fallback;
    }

    /**
     * model_max_length from tokenizer_config.json. transformers writes a huge sentinel (1e30) when
     * a tokenizer has no limit; that, like an absent value, means the CLIP default.
     */
    private static int maxLength(JsonNode config, int defaultMaxLength, Path dir) throws IOException {
        JsonNode value = config.path("model_max_length");
        if (value.isMissingNode() || value.isNull() || (value.isNumber() && !value.canConvertToInt())) {
            return defaultMaxLength;
        }
        if (!value.isIntegralNumber() || value.intValue() < 2) {
            throw new IOException(
                    dir.resolve(TOKENIZER_CONFIG) + ": model_max_length must be an integer >= 2: " + value);
        }
        return value.intValue();
    }
}
