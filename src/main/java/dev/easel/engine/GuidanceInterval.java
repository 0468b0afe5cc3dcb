package dev.easel.engine;

/**
 * Classifier-free guidance in a limited interval (Kynkäänniemi et al., 2024: guidance at high
 * noise levels mostly costs diversity, at low ones it changes little): only the steps whose
 * position in the schedule lies in the middle {@code fraction} get the unconditional pass, the
 * others run the conditional pass alone, which is the prediction at guidance 1 and half the UNet
 * work on those steps. Step i of n sits at (i + ½)/n; the interval is [(1 − f)/2, (1 + f)/2].
 * Positions are counted on the whole schedule, so an img2img run that starts late skips the
 * early part of the interval, as its noise levels do.
 */
record GuidanceInterval(double fraction) {
    static final GuidanceInterval EVERY_STEP = new GuidanceInterval(1);

    GuidanceInterval {
        check(fraction);
    }

    static void check(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("guidance interval must be in (0, 1]: " + fraction);
        }
    }

    /** Whether step {@code index} (0-based) of a {@code steps}-step schedule is guided. */
    boolean guides(int index, int steps) {
        if (fraction >= 1) {
            return true;
        }
        double position = (index + 0.5) / steps;
        return position >= (1 - fraction) / 2 && position <= (1 + fraction) / 2;
    }
}
