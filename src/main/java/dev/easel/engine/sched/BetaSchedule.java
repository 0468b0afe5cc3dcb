package dev.easel.engine.sched;

/** How the training noise variances β_t grow with t (diffusers {@code beta_schedule}). */
public enum BetaSchedule {
    /** β evenly spaced from beta_start to beta_end. */
    LINEAR,
    /** sqrt(β) evenly spaced from sqrt(beta_start) to sqrt(beta_end): Stable Diffusion's schedule. */
    SCALED_LINEAR,
    /** Nichol and Dhariwal's cosine ᾱ(t), each β capped at 0.999; beta_start and beta_end are unused. */
    SQUAREDCOS_CAP_V2;

    private static final double MAX_BETA = 0.999;

    /**
     * The training noise table ᾱ_t = Π_{s≤t} (1 − β_s) for t = 0 .. n−1, in float64: what a
     * scheduler derives from its config, and what the synthetic models bake into their graphs.
     */
    public double[] alphaBars(int n, double betaStart, double betaEnd) {
        double[] betas = betas(n, betaStart, betaEnd);
        double[] cumprod = new double[n];
        double product = 1;
        for (int t = 0; t < n; t++) {
            product *= 1 - betas[t];
            cumprod[t] = product;
        }
        return cumprod;
    }

    /** The {@code n} training betas, in float64 (diffusers keeps them in float32). */
    double[] betas(int n, double betaStart, double betaEnd) {
        double[] betas = new double[n];
        switch (this) {
            case LINEAR -> {
                for (int t = 0; t < n; t++) {
                    betas[t] = lerp(betaStart, betaEnd, t, n);
                }
            }
            case SCALED_LINEAR -> {
                double from = Math.sqrt(betaStart);
                double to = Math.sqrt(betaEnd);
                for (int t = 0; t < n; t++) {
                    double root = lerp(from, to, t, n);
                    betas[t] = root * root;
                }
            }
            case SQUAREDCOS_CAP_V2 -> {
                for (int t = 0; t < n; t++) {
                    double ratio = cosineAlphaBar((t + 1) / (double) n) / cosineAlphaBar(t / (double) n);
                    betas[t] = Math.min(1 - ratio, MAX_BETA);
                }
            }
        }
        return betas;
    }

    /** Element {@code i} of linspace(from, to, n), endpoints included. */
    private static double lerp(double from, double to, int i, int n) {
        if (n == 1) {
            return from;
        }
        return i == n - 1 ? to : from + (to - from) * i / (n - 1);
    }

    private static double cosineAlphaBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }
}
