package dev.easel.engine;

import java.util.Locale;

/**
 * How a guided run spends memory on its UNet calls. {@code FAST} batches the conditional and
 * unconditional passes into one call of batch 2 (each step's activations twice over);
 * {@code LOW} runs them as two calls of batch 1, which holds half the activations at once for the
 * same pixels (within float rounding) at a few percent of speed on CPU; {@code AUTO} picks
 * {@code LOW} when the memory the batched call would add is not available.
 */
public enum MemoryMode {
    AUTO,
    FAST,
    LOW;

    public static MemoryMode parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("memory must be auto, fast or low: " + name);
        }
    }
}
