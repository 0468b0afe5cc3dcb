package dev.easel.engine;

import dev.easel.media.RgbImage;

/**
 * A finished image, its final latents (for later edits), where the time went, what came from the
 * caches and which speed options ran.
 */
public record GeneratedImage(
        RgbImage image,
        Latents latents,
        long seed,
        int stepsRun,
        StageTimings timings,
        CacheUse cacheUse,
        EngineUse engineUse) {}
