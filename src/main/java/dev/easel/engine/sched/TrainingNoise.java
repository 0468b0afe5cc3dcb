package dev.easel.engine.sched;

/**
 * The training noise table ᾱ_t = Π_{s≤t} (1 − β_s) for t = 0 .. N−1, in float64. Immutable and
 * thread-safe; shared by a scheduler and all its schedules.
 */
final class TrainingNoise {

    private final double[] alphasCumprod;

    private TrainingNoise(double[] alphasCumprod) {
        this.alphasCumprod = alphasCumprod;
    }

    static TrainingNoise of(SchedulerConfig config) {
        return new TrainingNoise(
                config.betaSchedule().alphaBars(config.numTrainTimesteps(), config.betaStart(), config.betaEnd()));
    }

    /** N, the number of training timesteps. */
    int size() {
        return alphasCumprod.length;
    }

    /** ᾱ_t, the fraction of signal variance left at training timestep t. */
    double alphaBar(int t) {
        return alphasCumprod[t];
    }

    /** The variance-exploding noise level sqrt((1 − ᾱ_t) / ᾱ_t) at training timestep t. */
    double sigma(int t) {
        return sigmaOf(alphasCumprod[t]);
    }

    /**
     * The sigma table linearly interpolated at a possibly fractional timestep, clamped to the table's
     * ends (numpy's {@code interp}, as diffusers' Euler schedulers use it).
     */
    double interpolatedSigma(double t) {
        if (t <= 0) {
            return sigma(0);
        }
        int last = alphasCumprod.length - 1;
        if (t >= last) {
            return sigma(last);
        }
        int below = (int) Math.floor(t);
        double fraction = t - below;
        double low = sigma(below);
        return fraction == 0 ? low : low + (sigma(below + 1) - low) * fraction;
    }

    static double sigmaOf(double alphaBar) {
        return Math.sqrt((1 - alphaBar) / alphaBar);
    }
}
