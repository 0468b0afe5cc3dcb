package dev.easel.engine;

/**
 * The engine's configured defaults for the speed and memory options: how guided UNet calls hold
 * memory, the {@link RunOptions} a request leaves unsaid, whether the float32 UNet runs from a
 * copy with its attention fused into {@code MultiHeadAttention} (less memory: no score matrix),
 * and whether images of one shape share UNet calls ({@code batch}, at most {@code maxBatch}
 * images a call).
 */
public record EngineTuning(
        MemoryMode memory,
        UnetPrecision precision,
        FinalDecoder decoder,
        double guidanceInterval,
        boolean fuseAttention,
        BatchMode batch,
        int maxBatch,
        InpaintArea inpaintArea) {
    /** The most images one batched UNet call may hold, whatever is configured. */
    public static final int MAX_BATCH_LIMIT = 64;

    public static final EngineTuning DEFAULTS = new EngineTuning(
            MemoryMode.AUTO,
            UnetPrecision.FP32,
            FinalDecoder.VAE,
            1,
            true,
            BatchMode.AUTO,
            4,
            InpaintArea.WHOLE_PICTURE);

    /**
     * These options with the other defaults: attention fused, batching decided at load, masked
     * edits denoising the whole picture.
     */
    public EngineTuning(MemoryMode memory, UnetPrecision precision, FinalDecoder decoder, double guidanceInterval) {
        this(
                memory,
                precision,
                decoder,
                guidanceInterval,
                true,
                DEFAULTS.batch,
                DEFAULTS.maxBatch,
                DEFAULTS.inpaintArea);
    }

    public EngineTuning {
        if (memory == null || precision == null || decoder == null || batch == null || inpaintArea == null) {
            throw new IllegalArgumentException("memory, precision, decoder, batch and inpaintArea must not be null");
        }
        GuidanceInterval.check(guidanceInterval);
        if (maxBatch < 1 || maxBatch > MAX_BATCH_LIMIT) {
            throw new IllegalArgumentException("max batch must be 1 to " + MAX_BATCH_LIMIT + ": " + maxBatch);
        }
    }

    /** These options with batching set to {@code mode}, at most {@code max} images a call. */
    public EngineTuning withBatch(BatchMode mode, int max) {
        return new EngineTuning(memory, precision, decoder, guidanceInterval, fuseAttention, mode, max, inpaintArea);
    }
}
