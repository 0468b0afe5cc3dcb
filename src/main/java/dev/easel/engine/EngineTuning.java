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
        boolean fuseAttention,
        InpaintArea inpaintArea) {
    public static final EngineTuning DEFAULTS =
            new EngineTuning(MemoryMode.AUTO, UnetPrecision.FP32, FinalDecoder.VAE, 1, true, InpaintArea.WHOLE_PICTURE);

    /** These options with attention fused and masked edits denoising the whole picture (the defaults). */
    public EngineTuning(MemoryMode memory, UnetPrecision precision, FinalDecoder decoder, double guidanceInterval) {
        this(memory, precision, decoder, guidanceInterval, true, InpaintArea.WHOLE_PICTURE);
    }

    public EngineTuning {
        if (memory == null || precision == null || decoder == null || inpaintArea == null) {
            throw new IllegalArgumentException("memory, precision, decoder and inpaintArea must not be null");
        }
        GuidanceInterval.check(guidanceInterval);
    }
}
