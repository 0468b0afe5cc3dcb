package dev.easel.engine;

import dev.easel.engine.text.ClipTokenizer;
import java.util.Arrays;

/**
 * The text conditioning of one UNet call: {@code batch} prompts' hidden states, flat
 * [batch, tokens, hidden] (for classifier-free guidance the unconditional prompt first, as
 * diffusers orders it), and for SDXL their pooled embeddings, flat [batch, width] (the UNet's
 * {@code text_embeds}; empty for families without one). Owned by the record: do not modify the
 * arrays.
 */
record TextEmbeddings(int batch, float[] values, float[] pooled) {
    TextEmbeddings {
        if (batch < 1 || values.length % (batch * ClipTokenizer.CONTEXT_LENGTH) != 0) {
            throw new IllegalArgumentException(values.length + " values are not " + batch + " prompts of "
                    + ClipTokenizer.CONTEXT_LENGTH + " tokens");
        }
        if (pooled.length % batch != 0) {
            throw new IllegalArgumentException(pooled.length + " pooled values are not " + batch + " prompts'");
        }
    }

    /** Hidden states alone (SD 1.x/2.x). */
    TextEmbeddings(int batch, float[] values) {
        this(batch, values, new float[0]);
    }

    /** Prompt {@code index}'s embeddings alone, a batch of one. */
    TextEmbeddings prompt(int index) {
        int size = values.length / batch;
        int pooledSize = pooled.length / batch;
        return new TextEmbeddings(
                1,
                Arrays.copyOfRange(values, index * size, (index + 1) * size),
                Arrays.copyOfRange(pooled, index * pooledSize, (index + 1) * pooledSize));
    }

    /** The tensor shape [batch, tokens, hidden]. */
    long[] shape() {
        int tokens = ClipTokenizer.CONTEXT_LENGTH;
        return new long[] {batch, tokens, values.length / batch / tokens};
    }

    /** The width of each prompt's pooled embedding; 0 when there is none. */
    int pooledWidth() {
        return pooled.length / batch;
    }
}
