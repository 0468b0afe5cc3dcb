package dev.easel.engine;

import dev.easel.engine.sched.SchedulerKind;
import java.util.Optional;

/**
 * Everything one image needs. {@code guidanceScale} ≤ 1 runs the conditional pass only (turbo and
 * LCM models use 0), as diffusers does; above 1 the conditional and unconditional passes share one
 * batched UNet call. {@code previews} is how many preview images the listener receives, spread
 * evenly over the steps that run (fewer when fewer steps run). {@code imagePrompt} is the
 * reference images that steer the picture through the model's IP-Adapter, if any.
 */
public record ImageJob(
        String prompt,
        String negativePrompt,
        int width,
        int height,
        int steps,
        double guidanceScale,
        long seed,
        Optional<SchedulerKind> scheduler,
        int previews,
        Init init,
        RunOptions options,
        ImagePrompt imagePrompt) {

    public ImageJob {
        if (prompt == null
                || negativePrompt == null
                || scheduler == null
                || init == null
                || options == null
                || imagePrompt == null) {
            throw new IllegalArgumentException(
                    "prompt, negativePrompt, scheduler, init, options and imagePrompt are required");
        }
        if (width <= 0 || height <= 0 || width % 8 != 0 || height % 8 != 0) {
            throw new IllegalArgumentException("size must be a positive multiple of 8: " + width + "x" + height);
        }
        if (steps < 1 || steps > 1000) {
            throw new IllegalArgumentException("steps must be between 1 and 1000: " + steps);
        }
        if (!(guidanceScale >= 0 && guidanceScale <= 50)) {
            throw new IllegalArgumentException("guidance scale must be between 0 and 50: " + guidanceScale);
        }
        if (previews < 0) {
            throw new IllegalArgumentException("previews must be ≥ 0: " + previews);
        }
        if (init instanceof Init.Edit edit
                && (edit.source().pixels().width() != width
                        || edit.source().pixels().height() != height)) {
            throw new IllegalArgumentException("the source image must be " + width + "x" + height);
        }
    }

    /** A job without reference images. */
    public ImageJob(
            String prompt,
            String negativePrompt,
            int width,
            int height,
            int steps,
            double guidanceScale,
            long seed,
            Optional<SchedulerKind> scheduler,
            int previews,
            Init init,
            RunOptions options) {
        this(
                prompt,
                negativePrompt,
                width,
                height,
                steps,
                guidanceScale,
                seed,
                scheduler,
                previews,
                init,
                options,
                new ImagePrompt.None());
    }

    /** A text-to-image job with the model's scheduler and no previews. */
    public static ImageJob text(String prompt, int width, int height, int steps, double guidance, long seed) {
        return new ImageJob(
                prompt,
                "",
                width,
                height,
                steps,
                guidance,
                seed,
                Optional.empty(),
                0,
                new Init.Noise(),
                RunOptions.DEFAULTS);
    }

    public ImageJob withPreviews(int count) {
        return new ImageJob(
                prompt,
                negativePrompt,
                width,
                height,
                steps,
                guidanceScale,
                seed,
                scheduler,
                count,
                init,
                options,
                imagePrompt);
    }

    public ImageJob withInit(Init newInit) {
        return new ImageJob(
                prompt,
                negativePrompt,
                width,
                height,
                steps,
                guidanceScale,
                seed,
                scheduler,
                previews,
                newInit,
                options,
                imagePrompt);
    }

    public ImageJob withScheduler(SchedulerKind kind) {
        return new ImageJob(
                prompt,
                negativePrompt,
                width,
                height,
                steps,
                guidanceScale,
                seed,
                Optional.of(kind),
                previews,
                init,
                options,
                imagePrompt);
    }

    public ImageJob withNegativePrompt(String negative) {
        return new ImageJob(
                prompt,
                negative,
                width,
                height,
                steps,
                guidanceScale,
                seed,
                scheduler,
                previews,
                init,
                options,
                imagePrompt);
    }

    public ImageJob withOptions(RunOptions newOptions) {
        return new ImageJob(
                prompt,
                negativePrompt,
                width,
                height,
                steps,
                guidanceScale,
                seed,
                scheduler,
                previews,
                init,
                newOptions,
                imagePrompt);
    }

    public ImageJob withImagePrompt(ImagePrompt references) {
        return new ImageJob(
                prompt,
                negativePrompt,
                width,
                height,
                steps,
                guidanceScale,
                seed,
                scheduler,
                previews,
                init,
                options,
                references);
    }
}
