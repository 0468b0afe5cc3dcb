package dev.easel.engine;

/**
 * The engine's configured defaults for the speed and memory options: how guided UNet calls hold
 * memory, and the {@link RunOptions} a request leaves unsaid.
 */
public record EngineTuning(MemoryMode memory, UnetPrecision precision, FinalDecoder decoder, double guidanceInterval) {
    public static final EngineTuning DEFAULTS =
            new EngineTuning(MemoryMode.AUTO, UnetPrecision.FP32, FinalDecoder.VAE, 1);

    public EngineTuning {
        if (memory == null || precision == null || decoder == null) {
            throw new IllegalArgumentException("memory, precision and decoder must not be null");
        }
        GuidanceInterval.check(guidanceInterval);
    }
}
