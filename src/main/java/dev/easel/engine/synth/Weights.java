package dev.easel.engine.synth;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Where a generated model's parameters come from: seeded Gaussian initializers in the graph, or,
 * in counting mode, nothing but a tally, so the full-size parameter count can be checked without
 * materialising gigabytes of weights.
 */
final class Weights {
    private final OnnxGraph graph;
    private final SplittableRandom rng;
    private long count;

    private Weights(OnnxGraph graph, SplittableRandom rng) {
        this.graph = graph;
        this.rng = rng;
    }

    static Weights seeded(OnnxGraph graph, long seed) {
        return new Weights(graph, new SplittableRandom(seed));
    }

    /** Tallies parameters only; the names it hands out refer to no initializer. */
    static Weights counting(OnnxGraph graph) {
        return new Weights(graph, null);
    }

    long count() {
        return count;
    }

    /**
     * N(0, 1/fanIn) weights: with normalised inputs each output then has unit-order variance, so
     * activations stay bounded through the whole network while every layer does real work.
     */
    String gaussian(String name, long fanIn, long... dims) {
        if (tally(dims)) {
            return graph.random(name, rng, 1.0 / Math.sqrt(fanIn), dims);
        }
        return name;
    }

    /** Small biases, so the bias adds are not no-ops yet do not dominate the signal. */
    String bias(String name, long size) {
        if (tally(size)) {
            return graph.random(name, rng, 0.02, size);
        }
        return name;
    }

    /** A constant-filled parameter such as a norm's scale (1) or shift (0). */
    String filled(String name, float value, long... dims) {
        if (tally(dims)) {
            float[] values = new float[Math.toIntExact(product(dims))];
            Arrays.fill(values, value);
            return graph.init(name, values, dims);
        }
        return name;
    }

    /** Counts the tensor and says whether its values are to be written. */
    private boolean tally(long... dims) {
        count += product(dims);
        return rng != null;
    }

    private static long product(long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }
}
