/**
 * Small facts and formulas of the Stable Diffusion family that the pipeline and its helper
 * packages (tokenizer, synthetic models) share, so each is written once: the SD 1.x/2.x latent
 * space's constants, CLIP's byte spelling, the seeded Gaussian draw. A leaf: it imports nothing
 * from Easel, so every engine package may use it.
 */
package dev.easel.engine.sd;
