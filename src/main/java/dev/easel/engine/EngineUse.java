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
 * @param inpaintArea what the UNet denoised: {@link InpaintArea#AROUND_MASK} only when a masked
 *     edit really ran on a crop
 */
public record EngineUse(
        UnetPrecision precision,
        FinalDecoder decoder,
        double guidanceInterval,
        int guidedSteps,
        boolean sequentialGuidance,
        InpaintArea inpaintArea) {

    /** The same run, on a crop around its mask. */
    EngineUse aroundMask() {
        return new EngineUse(
                precision, decoder, guidanceInterval, guidedSteps, sequentialGuidance, InpaintArea.AROUND_MASK);
    }
}
