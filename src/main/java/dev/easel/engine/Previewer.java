package dev.easel.engine;

import dev.easel.media.RgbImage;

/**
 * The preview stage: a step's predicted clean latents → a picture at the output size. The model's
 * TAESD decoder when it has one, else the linear latent→RGB approximation. Implementations are
 * thread-safe and time themselves as {@link Stage#PREVIEW}.
 */
sealed interface Previewer extends AutoCloseable permits TaesdPreviewer, LinearPreviewer {

    /** The preview of {@code x0} (UNet-space latents, as the scheduler predicts them), 8× their size. */
    RgbImage preview(Latents x0, StageTimings timings);

    /** What {@link ModelInfo#previewDecoder()} reports: {@code taesd} or {@code linear}. */
    String kind();

    @Override
    void close();
}
