package dev.easel.engine.synth;

import static dev.easel.engine.synth.OnnxGraph.attr;
import static dev.easel.engine.synth.OnnxGraph.attrInts;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The primitive layers of the SD 1.5 UNet (convolutions, linears, norms, activations) in opset-17
 * ops, with their parameters drawn from {@link Weights}. Every spatial and token dimension stays
 * symbolic: reshapes use 0 (copy) and -1 (infer) or the runtime Shape of a value.
 */
final class Sd15Layers {
    private final OnnxGraph g;
    private final Weights w;
    private final Map<Integer, String[]> instanceNormAffine = new HashMap<>();
    private final Map<String, String> constants = new HashMap<>();

    Sd15Layers(OnnxGraph g, Weights w) {
        this.g = g;
        this.w = w;
    }

    OnnxGraph graph() {
        return g;
    }

    /** A k×k convolution with bias; padding keeps the size, stride 2 halves it. */
    String conv(String x, String name, int in, int out, int kernel, int stride) {
        int pad = kernel / 2;
        return conv(x, name, in, out, kernel, stride, pad, pad, pad, pad);
    }

    /** A k×k convolution with explicit ONNX pads (top, left, bottom, right). */
    String conv(String x, String name, int in, int out, int kernel, int stride, long... pads) {
        String weight = w.gaussian(name + ".weight", (long) in * kernel * kernel, out, in, kernel, kernel);
        String bias = w.bias(name + ".bias", out);
        return g.op(
                "Conv",
                List.of(x, weight, bias),
                attrInts("kernel_shape", kernel, kernel),
                attrInts("strides", stride, stride),
                attrInts("pads", pads));
    }

    String conv(String x, String name, int in, int out, int kernel) {
        return conv(x, name, in, out, kernel, 1);
    }

    /** x·W (+ b) over the last axis, like torch's Linear with its weight stored transposed. */
    String linear(String x, String name, int in, int out, boolean withBias) {
        String y = g.op("MatMul", x, w.gaussian(name + ".weight", in, in, out));
        return withBias ? g.op("Add", y, w.bias(name + ".bias", out)) : y;
    }

    /**
     * GroupNorm on [B, C, H, W]. Opset 17 has no GroupNormalization, so: fold each group into one
     * row of [B, G, C/G·H·W], instance-normalise the rows, restore the shape, apply the per-channel
     * affine. The instance norm's own scale and bias are fixed constants, not parameters.
     */
    String groupNorm(String x, String name, int channels, float eps) {
        int groups = UnetWidths.groups(channels);
        String rows = g.op("Reshape", x, constant(0, groups, -1));
        String[] affine = instanceNormAffine.computeIfAbsent(groups, this::unitAffine);
        String normed = g.op("InstanceNormalization", List.of(rows, affine[0], affine[1]), attr("epsilon", eps));
        String restored = g.op("Reshape", normed, g.op("Shape", x));
        String gamma = w.filled(name + ".weight", 1f, channels, 1, 1);
        String beta = w.filled(name + ".bias", 0f, channels, 1, 1);
        return g.op("Add", g.op("Mul", restored, gamma), beta);
    }

    /** LayerNormalization over the last axis (an opset-17 op), eps 1e-5 as in torch. */
    String layerNorm(String x, String name, int channels) {
        String gamma = w.filled(name + ".weight", 1f, channels);
        String beta = w.filled(name + ".bias", 0f, channels);
        return g.op("LayerNormalization", List.of(x, gamma, beta), attr("axis", -1L), attr("epsilon", 1e-5f));
    }

    String silu(String x) {
        return g.op("Mul", x, g.op("Sigmoid", x));
    }

    /** Exact (erf) GELU: 0.5·x·(1 + erf(x/√2)). */
    String gelu(String x) {
        String erf = g.op("Erf", g.op("Div", x, scalar((float) Math.sqrt(2.0))));
        return g.op("Mul", g.op("Mul", x, scalar(0.5f)), g.op("Add", erf, scalar(1f)));
    }

    /** A cached int64 vector constant (shapes, axes, permutations). */
    String constant(long... values) {
        return constants.computeIfAbsent("i" + Arrays.toString(values), k -> g.ints(values));
    }

    /** A cached float scalar constant. */
    String scalar(float value) {
        return constants.computeIfAbsent("f" + Float.floatToIntBits(value), k -> g.scalar(value));
    }

    private String[] unitAffine(int groups) {
        float[] ones = new float[groups];
        Arrays.fill(ones, 1f);
        return new String[] {
            g.init(g.fresh("instnorm_scale"), ones, groups), g.init(g.fresh("instnorm_bias"), new float[groups], groups)
        };
    }
}
