package dev.easel.engine;

/**
 * LCM UNets distilled with guidance embedding take {@code timestep_cond}: the guidance scale w
 * as a sinusoidal embedding of (w − 1)·1000 (diffusers' get_guidance_scale_embedding). Such models
 * run without the unconditional pass.
 */
record TimestepCondition(float[] embedding) {
    static final String INPUT = "timestep_cond";

    static TimestepCondition of(double guidanceScale, int dim) {
        return new TimestepCondition(embed((guidanceScale - 1) * 1000, dim));
    }

    static float[] embed(double w, int dim) {
        int half = dim / 2;
        double step = Math.log(10000.0) / (half - 1);
        float[] out = new float[dim];
        for (int i = 0; i < half; i++) {
            double angle = w * Math.exp(-step * i);
            out[i] = (float) Math.sin(angle);
            out[half + i] = (float) Math.cos(angle);
        }
        return out;
    }
}
