package dev.easel.engine.sched;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;

/** Closeness assertions: relative tolerance 1e-6 with a 1e-9 absolute floor for values near zero. */
final class Expect {

    static final double RELATIVE = 1e-6;

    private Expect() {}

    static void close(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, Offset.offset(tolerance(expected)));
    }

    static void close(float[] actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int j = 0; j < expected.length; j++) {
            assertThat((double) actual[j])
                    .as("element %d", j)
                    .isCloseTo(expected[j], Offset.offset(tolerance(expected[j])));
        }
    }

    private static double tolerance(double expected) {
        return RELATIVE * Math.abs(expected) + 1e-9;
    }

    /** Step indices 0 .. steps−1 as the UNet's timestep values. */
    static double[] timesteps(Schedule schedule) {
        double[] t = new double[schedule.steps()];
        for (int i = 0; i < t.length; i++) {
            t[i] = schedule.timestep(i);
        }
        return t;
    }

    /** sigma(0) .. sigma(steps). */
    static double[] sigmas(Schedule schedule) {
        double[] s = new double[schedule.steps() + 1];
        for (int i = 0; i < s.length; i++) {
            s[i] = schedule.sigma(i);
        }
        return s;
    }

    static void closeAll(double[] actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int j = 0; j < expected.length; j++) {
            close(actual[j], expected[j]);
        }
    }
}
