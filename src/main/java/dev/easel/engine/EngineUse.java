package dev.easel.engine;

/**
 * Which speed and memory options a run actually used, for the response's {@code easel_engine}
 * extension and the bench.
 *
 * @param precision the UNet copy that ran
 * @param decoder what decoded the final latents
 * @param guidanceInterval the fraction of steps with guidance asked for (1 = every step)
 * @param guidedSteps steps that ran the unconditional pass too (0 for unguided runs)
 * @param sequentialGuidance whether guided steps ran as two batch-1 calls (memory mode low)
 */
public record EngineUse(
        UnetPrecision precision,
        FinalDecoder decoder,
        double guidanceInterval,
        int guidedSteps,
        boolean sequentialGuidance) {}
