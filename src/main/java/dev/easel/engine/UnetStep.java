package dev.easel.engine;

/**
 * One denoising step's UNet call: the scheduler-scaled latents (4 channels), the timestep the
 * schedule assigns to the step, and the run's conditioning.
 */
record UnetStep(Latents sample, float timestep, UnetConditioning conditioning) {}
