package dev.easel.engine;

import dev.easel.engine.text.ClipTokenizer;

/**
 * The text conditioning of one UNet call: {@code batch} prompts' hidden states, flat
 * [batch, tokens, hidden] (for classifier-free guidance the unconditional prompt first, as
 * diffusers orders it). Owned by the record: do not modify {@code values}.
 */
record TextEmbeddings(int batch, float[] values) {
    TextEmbeddings {
        if (batch < 1 || values.length % (batch * ClipTokenizer.CONTEXT_LENGTH) != 0) {
            throw new IllegalArgumentException(values.length + " values are not " + batch + " prompts of "
                    + ClipTokenizer.CONTEXT_LENGTH + " tokens");
        }
    }

    /** Prompt {@code index}'s hidden states alone, a batch of one. */
    TextEmbeddings prompt(int index) {
        int size = values.length / batch;
        return new TextEmbeddings(1, java.util.Arrays.copyOfRange(values, index * size, (index + 1) * size));
    }

    /** The tensor shape [batch, tokens, hidden]. */
    long[] shape() {
        int tokens = ClipTokenizer.CONTEXT_LENGTH;
        return new long[] {batch, tokens, values.length / batch / tokens};
    }
}
