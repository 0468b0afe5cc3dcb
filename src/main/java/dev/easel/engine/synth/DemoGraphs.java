package dev.easel.engine.synth;

import static dev.easel.engine.synth.OnnxGraph.attr;
import static dev.easel.engine.synth.OnnxGraph.attrInts;

import dev.easel.engine.sd.Sd1Latents;
import dev.easel.engine.synth.OnnxGraph.Type;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The analytic {@code demo} model (shared/notes/engine-facts.md, "The analytic demo model").
 *
 * <p>The UNet predicts the noise ε̂ = (x_t − √ᾱ_t·x̂0) / √(1−ᾱ_t) consistent with the clean
 * latents x̂0 = x0* + ᾱ_t·D: the smooth colour field x0* chosen by the prompt while the noise is
 * high, plus, as the noise fades, the input's coarse deviation D from that field (x_t/√ᾱ_t − x0*
 * averaged over 4×4 latent blocks, which averages the noise away). Runs from noise converge to
 * x0*; img2img at low strength keeps the source's colours, as with a real model. The prediction
 * is then scaled by (1 − γ·√(ᾱ_t(1−ᾱ_t))): the model under-predicts noise while it is high, so
 * each step's predicted clean latents carry a residue of noise that fades as the run proceeds and
 * previews sharpen step by step like a real model's.
 */
final class DemoGraphs {
    /** SD 1.x linear latent→RGB factors (rows: latent channels; columns: R, G, B). */
    private static final float[][] LATENT_RGB = Sd1Latents.rgbFactors();

    private static final float SCALING_FACTOR = Sd1Latents.SCALING_FACTOR;
    private static final int GRID = 4;
    private static final float LEAK = 0.4f;
    private static final float FIELD_STD = 1.6f;

    private DemoGraphs() {}

    /** optimum-style UNet: {@code timestep} an int64 scalar. */
    static void unet(Path dir, long seed, double[] alphasCumprod) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        int hidden = TextEncoderGraph.HIDDEN;
        try (OnnxGraph g = new OnnxGraph("unet")) {
            String sample = g.input("sample", Type.FLOAT, "batch", 4L, "height", "width");
            String timestep = g.input("timestep", Type.INT64);
            String context = g.input("encoder_hidden_states", Type.FLOAT, "batch", "sequence", (long) hidden);

            float[] table = new float[alphasCumprod.length];
            for (int i = 0; i < table.length; i++) {
                table[i] = (float) alphasCumprod[i];
            }
            String abar = g.op("Gather", g.init("alphas_cumprod", table, table.length), timestep);
            String sqrtAbar = g.op("Sqrt", abar);
            String sqrtOneMinus = g.op("Sqrt", g.op("Sub", g.scalar(1f), abar));

            String pooled = g.op("ReduceMean", List.of(context), attrInts("axes", 1), attr("keepdims", 0L));
            float[] ones = new float[hidden];
            java.util.Arrays.fill(ones, 1f);
            String normed = g.op(
                    "LayerNormalization",
                    List.of(pooled, g.init("ln_g", ones, hidden), g.init("ln_b", new float[hidden], hidden)),
                    attr("axis", -1L));
            String field = g.op(
                    "MatMul",
                    normed,
                    g.random("field_proj", rng, FIELD_STD / Math.sqrt(hidden), hidden, 4 * GRID * GRID));
            String grid = g.op("Reshape", field, g.ints(-1, 4, GRID, GRID));
            String target = g.op(
                    "Resize",
                    List.of(grid, "", "", g.op("Shape", sample)),
                    attr("mode", "linear"),
                    attr("coordinate_transformation_mode", "align_corners"));

            String coarse = g.op(
                    "AveragePool",
                    List.of(g.op("Sub", g.op("Div", sample, sqrtAbar), target)),
                    attrInts("kernel_shape", 4, 4),
                    attrInts("strides", 4, 4),
                    attr("ceil_mode", 1L));
            String deviation = g.op("Resize", List.of(coarse, "", "", g.op("Shape", sample)), attr("mode", "linear"));
            String x0 = g.op("Add", target, g.op("Mul", abar, deviation));
            String eps = g.op("Div", g.op("Sub", sample, g.op("Mul", sqrtAbar, x0)), sqrtOneMinus);
            String leak = g.op("Sub", g.scalar(1f), g.op("Mul", g.scalar(LEAK), g.op("Mul", sqrtAbar, sqrtOneMinus)));
            g.identity(g.op("Mul", eps, leak), "out_sample");
            g.output("out_sample", Type.FLOAT, "batch", 4L, "height", "width");
            g.save(dir.resolve("model.onnx"));
        }
    }

    /** rgb = tanh(F·(latent·0.18215)), upsampled ×8: the linear preview map made exact. */
    static void vaeDecoder(Path dir) throws IOException {
        float[] w = new float[3 * 4];
        for (int c = 0; c < 3; c++) {
            for (int l = 0; l < 4; l++) {
                w[c * 4 + l] = LATENT_RGB[l][c] * SCALING_FACTOR;
            }
        }
        try (OnnxGraph g = new OnnxGraph("vae_decoder")) {
            String latent = g.input("latent_sample", Type.FLOAT, "batch", 4L, "latent_height", "latent_width");
            String rgb = g.op("Conv", latent, g.init("conv", w, 3, 4, 1, 1));
            String up = TinyGraphs.upsample8(g, rgb, "linear");
            g.identity(g.op("Tanh", up), "sample");
            g.output("sample", Type.FLOAT, "batch", 3L, "height", "width");
            g.save(dir.resolve("model.onnx"));
        }
    }

    /**
     * The decoder's approximate inverse, emitting optimum-style {@code latent_parameters} (mean
     * and a tiny log-variance, 8 channels): average 8×8 blocks, atanh, then the pseudo-inverse
     * of the decoder's colour map.
     */
    static void vaeEncoder(Path dir) throws IOException {
        float[] w = pseudoInverse();
        float[] zero = new float[4 * 3];
        float[] logVar = {-20f, -20f, -20f, -20f};
        try (OnnxGraph g = new OnnxGraph("vae_encoder")) {
            String pixels = g.input("sample", Type.FLOAT, "batch", 3L, "height", "width");
            String pooled =
                    g.op("AveragePool", List.of(pixels), attrInts("kernel_shape", 8, 8), attrInts("strides", 8, 8));
            String clipped = g.op("Clip", pooled, g.scalar(-0.995f), g.scalar(0.995f));
            String mean = g.op("Conv", g.op("Atanh", clipped), g.init("inv", w, 4, 3, 1, 1));
            String variance = g.op("Conv", pooled, g.init("zero", zero, 4, 3, 1, 1), g.init("logvar", logVar, 4));
            g.identity(g.op("Concat", List.of(mean, variance), attr("axis", 1L)), "latent_parameters");
            g.output("latent_parameters", Type.FLOAT, "batch", 8L, "latent_height", "latent_width");
            g.save(dir.resolve("model.onnx"));
        }
    }

    /** Moore–Penrose inverse of the 3×4 decoder map M (M⁺ = Mᵀ(MMᵀ)⁻¹), as Conv weights [4, 3]. */
    private static float[] pseudoInverse() {
        double[][] m = new double[3][4];
        for (int c = 0; c < 3; c++) {
            for (int l = 0; l < 4; l++) {
                m[c][l] = LATENT_RGB[l][c] * SCALING_FACTOR;
            }
        }
        double[][] mmt = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    mmt[i][j] += m[i][k] * m[j][k];
                }
            }
        }
        double[][] inv = invert3(mmt);
        float[] out = new float[4 * 3];
        for (int l = 0; l < 4; l++) {
            for (int c = 0; c < 3; c++) {
                double v = 0;
                for (int k = 0; k < 3; k++) {
                    v += m[k][l] * inv[k][c];
                }
                out[l * 3 + c] = (float) v;
            }
        }
        return out;
    }

    private static double[][] invert3(double[][] a) {
        double det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int i1 = (j + 1) % 3, i2 = (j + 2) % 3, j1 = (i + 1) % 3, j2 = (i + 2) % 3;
                r[i][j] = (a[i1][j1] * a[i2][j2] - a[i1][j2] * a[i2][j1]) / det;
            }
        }
        return r;
    }
}
