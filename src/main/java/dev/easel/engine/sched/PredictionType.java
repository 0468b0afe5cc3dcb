package dev.easel.engine.sched;

/**
 * What the UNet was trained to predict (diffusers {@code prediction_type}): the added noise ε, the
 * velocity v = sqrt(ᾱ)·ε − sqrt(1−ᾱ)·x0, or the clean sample x0 itself.
 */
public enum PredictionType {
    EPSILON,
    V_PREDICTION,
    SAMPLE
}
