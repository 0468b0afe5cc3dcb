package dev.easel.engine;

/** A finished image, its final latents (for later edits) and where the time went. */
public record GeneratedImage(RgbImage image, Latents latents, long seed, int stepsRun, StageTimings timings) {}
