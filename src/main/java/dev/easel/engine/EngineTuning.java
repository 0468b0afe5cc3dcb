package dev.easel.engine;

/**
 * The engine's configured defaults for the speed and memory options: how guided UNet calls hold
 * memory, the {@link RunOptions} a request leaves unsaid, and whether the float32 UNet runs from
 * a copy with its attention fused into {@code MultiHeadAttention} (less memory: no score matrix).
 */
public record EngineTuning(
        MemoryMode memory,
        UnetPrecision precision,
        FinalDecoder decoder,
        double guidanceInterval,
        boolean fuseAttention) {
    public static final EngineTuning DEFAULTS =
            new EngineTuning(MemoryMode.AUTO, UnetPrecision.FP32, FinalDecoder.VAE, 1, true);

    /** These options with attention fused (the default). */
    public EngineTuning(MemoryMode memory, UnetPrecision precision, FinalDecoder decoder, double guidanceInterval) {
        this(memory, precision, decoder, guidanceInterval, true);
    }

    public EngineTuning {
        if (memory == null || precision == null || decoder == null) {
            throw new IllegalArgumentException("memory, precision and decoder must not be null");
        }
        GuidanceInterval.check(guidanceInterval);
    }
}
