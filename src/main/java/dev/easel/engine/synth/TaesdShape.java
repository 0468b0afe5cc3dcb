package dev.easel.engine.synth;

import static dev.easel.engine.synth.OnnxGraph.attr;
import static dev.easel.engine.synth.OnnxGraph.attrInts;

import dev.easel.engine.synth.OnnxGraph.Type;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A decoder with TAESD's architecture (madebyollin/taesd: 64 channels; three ×2 upsampling stages
 * of three residual blocks each, then one; ~1.2 M parameters) and random weights, so the
 * {@code sd15} benchmark model times the TAESD preview and final decode as the real one would
 * cost. Takes unscaled UNet latents; output in [0, 1] like the original release.
 */
final class TaesdShape {
    private static final int CHANNELS = 64;

    private final OnnxGraph g;
    private final SplittableRandom rng;
    private int convs;

    private TaesdShape(OnnxGraph g, long seed) {
        this.g = g;
        this.rng = new SplittableRandom(seed);
    }

    static void write(Path dir, long seed) throws IOException {
        try (OnnxGraph g = new OnnxGraph("taesd_decoder")) {
            new TaesdShape(g, seed).decoder();
            g.save(dir.resolve("model.onnx"));
        }
    }

    private void decoder() {
        String latent = g.input("latent_sample", Type.FLOAT, "batch", 4L, "latent_height", "latent_width");
        // Clamp(x / 3) · 3 through tanh, as TAESD's decoder starts.
        String x = g.op("Mul", g.op("Tanh", g.op("Div", latent, g.scalar(3f))), g.scalar(3f));
        x = g.op("Relu", conv(x, 4, CHANNELS, true));
        for (int stage = 0; stage < 3; stage++) {
            for (int b = 0; b < 3; b++) {
                x = block(x);
            }
            String scales = g.init(g.fresh("scales"), new float[] {1, 1, 2, 2}, 4);
            x = g.op("Resize", List.of(x, "", scales), attr("mode", "nearest"));
            x = conv(x, CHANNELS, CHANNELS, false);
        }
        x = block(x);
        String rgb = conv(x, CHANNELS, 3, true);
        // [0, 1] output of the original release.
        g.identity(g.op("Sigmoid", rgb), "sample");
        g.output("sample", Type.FLOAT, "batch", 3L, "height", "width");
    }

    /** conv → ReLU → conv → ReLU → conv, plus the input, then ReLU. */
    private String block(String x) {
        String h = g.op("Relu", conv(x, CHANNELS, CHANNELS, true));
        h = g.op("Relu", conv(h, CHANNELS, CHANNELS, true));
        h = conv(h, CHANNELS, CHANNELS, true);
        return g.op("Relu", g.op("Add", h, x));
    }

    private String conv(String x, int in, int out, boolean bias) {
        String name = "conv" + convs++;
        String w = g.random(name + "_w", rng, 1.0 / Math.sqrt(in * 9.0), out, in, 3, 3);
        List<String> inputs = bias ? List.of(x, w, g.init(name + "_b", new float[out], out)) : List.of(x, w);
        return g.op("Conv", inputs, attrInts("pads", 1, 1, 1, 1));
    }
}
