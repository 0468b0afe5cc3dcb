package dev.easel.engine;

/** Step {@code step} (1-based) of {@code steps} done; {@code predictedClean} is that step's x0. */
public record StepProgress(int step, int steps, Latents predictedClean) {}
