package dev.easel.engine.text;

import java.util.Arrays;
import java.util.Objects;

/**
 * A prompt encoded for the CLIP text encoder.
 *
 * @param ids        exactly the tokenizer's context length: BOS, tokens, EOS, then padding
 * @param tokenCount ids before padding, BOS and EOS included (after truncation); the EOS sits at
 *                   {@code tokenCount - 1}, which is where pooled-output models read from
 * @param truncated  whether tokens were dropped to fit the context length
 */
public record TokenizedPrompt(int[] ids, int tokenCount, boolean truncated) {

    public TokenizedPrompt {
        Objects.requireNonNull(ids, "ids");
        if (tokenCount < 2 || tokenCount > ids.length) {
            throw new IllegalArgumentException(
                    "tokenCount " + tokenCount + " must lie in [2, " + ids.length + "] (BOS and EOS at least)");
        }
        if (truncated && tokenCount != ids.length) {
            throw new IllegalArgumentException(
                    "a truncated prompt fills the whole context: tokenCount " + tokenCount + " != " + ids.length);
        }
        // Copied so the record stays a value: callers cannot change it behind another's back.
        ids = ids.clone();
    }

    /** A copy: the record's array never leaves it. */
    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenizedPrompt that
                && tokenCount == that.tokenCount
                && truncated == that.truncated
                && Arrays.equals(ids, that.ids);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(ids) + tokenCount) + Boolean.hashCode(truncated);
    }

    @Override
    public String toString() {
        return "TokenizedPrompt[ids=" + Arrays.toString(ids) + ", tokenCount=" + tokenCount + ", truncated=" + truncated
                + "]";
    }
}
