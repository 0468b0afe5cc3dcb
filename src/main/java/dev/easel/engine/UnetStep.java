package dev.easel.engine;

/**
 * One denoising step's UNet call: the scheduler-scaled latents (4 channels), the timestep the
 * schedule assigns to the step, the run's conditioning, and whether this step is guided (a
 * classifier-free run outside its guidance interval runs the conditional pass alone).
 */
record UnetStep(Latents sample, float timestep, UnetConditioning conditioning, boolean guided) {}
