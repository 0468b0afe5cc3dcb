package dev.easel.engine;

import dev.easel.media.Alpha;
import dev.easel.media.RgbImage;
import java.util.Objects;
import java.util.Optional;

/**
 * A finished image, its final latents (for later edits), where the time went, what came from the
 * caches and which speed options ran; and, for a transparent background, the alpha its
 * {@link Matting} model gave it (the engine's runs make opaque pictures: the alpha is added once the
 * picture is finished).
 */
public record GeneratedImage(
        RgbImage image,
        Latents latents,
        long seed,
        int stepsRun,
        StageTimings timings,
        CacheUse cacheUse,
        EngineUse engineUse,
        Optional<Alpha> alpha) {

    public GeneratedImage {
        Objects.requireNonNull(alpha, "alpha");
        if (alpha.isPresent() && !alpha.get().fits(image)) {
            throw new IllegalArgumentException("the alpha plane does not fit the image");
        }
    }

    /** An opaque image, as a run makes it. */
    public GeneratedImage(
            RgbImage image,
            Latents latents,
            long seed,
            int stepsRun,
            StageTimings timings,
            CacheUse cacheUse,
            EngineUse engineUse) {
        this(image, latents, seed, stepsRun, timings, cacheUse, engineUse, Optional.empty());
    }

    /** This image with {@code alpha}. */
    public GeneratedImage withAlpha(Alpha alpha) {
        return new GeneratedImage(image, latents, seed, stepsRun, timings, cacheUse, engineUse, Optional.of(alpha));
    }
}
