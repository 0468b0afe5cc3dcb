package dev.easel.engine.sched;

/**
 * Inference timestep selection, reproducing diffusers' numpy arithmetic (rounding is numpy's
 * round-half-to-even, {@link Math#rint}). All results run from the noisiest timestep down.
 */
final class Timesteps {

    private Timesteps() {}

    /** Euler family: linspace keeps fractional timesteps (rounded to float32, as diffusers stores them). */
    static double[] euler(TimestepSpacing spacing, int trainSteps, int steps, int offset) {
        double[] t = switch (spacing) {
            case LINSPACE -> descendingLinspace(trainSteps, steps);
            case LEADING -> leading(trainSteps, steps, offset);
            case TRAILING -> trailing(trainSteps, steps);
        };
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) t[i];
        }
        return t;
    }

    /** DDIM: integer timesteps; linspace values are rounded. */
    static int[] ddim(TimestepSpacing spacing, int trainSteps, int steps, int offset) {
        double[] t = switch (spacing) {
            case LINSPACE -> descendingLinspace(trainSteps, steps);
            case LEADING -> leading(trainSteps, steps, offset);
            case TRAILING -> trailing(trainSteps, steps);
        };
        int[] result = new int[steps];
        for (int i = 0; i < steps; i++) {
            result[i] = (int) Math.rint(t[i]);
        }
        return result;
    }

    /**
     * LCM: the distillation schedule t = k·(N / originalSteps) − 1 for k = originalSteps .. 1, sampled at
     * indices floor(j·originalSteps / steps). Requires 1 ≤ steps ≤ originalSteps ≤ N.
     */
    static int[] lcm(int trainSteps, int originalSteps, int steps) {
        int stride = trainSteps / originalSteps;
        double indexStep = (double) originalSteps / steps;
        int[] result = new int[steps];
        for (int j = 0; j < steps; j++) {
            int index = (int) Math.floor(j * indexStep);
            result[j] = (originalSteps - index) * stride - 1;
        }
        return result;
    }

    /** numpy {@code linspace(0, N − 1, steps)} reversed: i·((N−1)/(steps−1)), the last point exact. */
    private static double[] descendingLinspace(int trainSteps, int steps) {
        double[] t = new double[steps];
        double stop = trainSteps - 1;
        double delta = steps == 1 ? 0 : stop / (steps - 1);
        for (int i = 0; i < steps; i++) {
            t[steps - 1 - i] = i == steps - 1 && steps > 1 ? stop : i * delta;
        }
        return t;
    }

    /** k·(N div steps) + offset for k = steps−1 .. 0. */
    private static double[] leading(int trainSteps, int steps, int offset) {
        int ratio = trainSteps / steps;
        double[] t = new double[steps];
        for (int i = 0; i < steps; i++) {
            t[i] = (double) (steps - 1 - i) * ratio + offset;
        }
        return t;
    }

    /**
     * round(numpy {@code arange(N, 0, −N/steps)}) − 1. numpy fills arange as start + i·delta with
     * delta = (start + step) − start; copying that keeps the half-way roundings identical.
     */
    private static double[] trailing(int trainSteps, int steps) {
        double start = trainSteps;
        double delta = (start - start / steps) - start;
        double[] t = new double[steps];
        for (int i = 0; i < steps; i++) {
            t[i] = Math.rint(start + i * delta) - 1;
        }
        return t;
    }
}
