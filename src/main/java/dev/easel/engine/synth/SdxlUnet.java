package dev.easel.engine.synth;

import static dev.easel.engine.synth.OnnxGraph.attr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A UNet wired like SDXL base's (≈2.57 G parameters) with seeded random weights, so benchmarks
 * pay the real model's compute. optimum's export names: {@code sample}, {@code timestep},
 * {@code encoder_hidden_states} [B, 77, 2048], {@code text_embeds} [B, 1280], {@code time_ids}
 * [B, 6] → {@code out_sample}. Three levels of 320, 640 and 1280 channels (two resnets each, no
 * attention on the first, 2 and 10 transformer blocks on the others, 10 in the middle; linear
 * projections, heads of 64), the time embedding plus the "text_time" added embedding: each time id
 * embedded sinusoidally (256), concatenated with {@code text_embeds} (2816) → Linear → SiLU →
 * Linear. The latent's sides must be multiples of 4 (two downsamples).
 */
final class SdxlUnet {
    private static final int[] LEVELS = {320, 640, 1280};
    private static final int[] DEPTHS = {0, 2, 10};
    private static final int CONTEXT = 2048;
    private static final int POOLED = 1280;
    private static final int TIME_IDS = 6;
    private static final int TIME_ID_EMBED = 256;
    private static final int TIME_EMBED = 1280;

    private SdxlUnet() {}

    /** Writes dir/model.onnx + dir/model.onnx_data (external data). Returns the parameter count. */
    static long write(Path unetDir, long seed) throws IOException {
        Files.createDirectories(unetDir);
        try (OnnxGraph g = new OnnxGraph("sdxl_unet", unetDir.resolve(Sd15Unet.DATA_FILE))) {
            Weights weights = Weights.seeded(g, seed);
            build(g, weights);
            g.save(unetDir.resolve(Sd15Unet.MODEL_FILE));
            return weights.count();
        }
    }

    /** The parameter count {@link #write} would produce, without writing weights. */
    static long countParameters() throws IOException {
        try (OnnxGraph g = new OnnxGraph("sdxl_unet")) {
            Weights weights = Weights.counting(g);
            build(g, weights);
            return weights.count();
        }
    }

    private static void build(OnnxGraph g, Weights weights) {
        int latent = UnetWidths.LATENT_CHANNELS;
        String sample = g.input("sample", OnnxGraph.Type.FLOAT, "batch", (long) latent, "height", "width");
        String timestep = g.input("timestep", OnnxGraph.Type.FLOAT, "batch");
        String context = g.input("encoder_hidden_states", OnnxGraph.Type.FLOAT, "batch", "sequence", (long) CONTEXT);
        String textEmbeds = g.input("text_embeds", OnnxGraph.Type.FLOAT, "batch", (long) POOLED);
        String timeIds = g.input("time_ids", OnnxGraph.Type.FLOAT, "batch", (long) TIME_IDS);

        Sd15Layers layers = new Sd15Layers(g, weights);
        Sd15Blocks blocks = new Sd15Blocks(layers, TIME_EMBED);
        Sd15Transformer transformer = Sd15Transformer.sdxl(layers, context, CONTEXT);

        String temb = embedding(layers, timestep, textEmbeds, timeIds);
        String tembSilu = layers.silu(temb);

        Feature h = new Feature(layers.conv(sample, "conv_in", latent, LEVELS[0], 3), LEVELS[0]);
        Deque<Feature> skips = new ArrayDeque<>();
        skips.push(h);
        int levels = LEVELS.length;
        for (int i = 0; i < levels; i++) {
            String prefix = "down_blocks." + i;
            for (int j = 0; j < 2; j++) {
                h = blocks.resnet(h, prefix + ".resnets." + j, LEVELS[i], tembSilu);
                if (DEPTHS[i] > 0) {
                    h = transformer.apply(h, prefix + ".attentions." + j, DEPTHS[i]);
                }
                skips.push(h);
            }
            if (i < levels - 1) {
                h = blocks.downsample(h, prefix + ".downsamplers.0");
                skips.push(h);
            }
        }

        int deepest = LEVELS[levels - 1];
        h = blocks.resnet(h, "mid_block.resnets.0", deepest, tembSilu);
        h = transformer.apply(h, "mid_block.attentions.0", DEPTHS[levels - 1]);
        h = blocks.resnet(h, "mid_block.resnets.1", deepest, tembSilu);

        for (int i = 0; i < levels; i++) {
            String prefix = "up_blocks." + i;
            int level = levels - 1 - i;
            for (int j = 0; j < 3; j++) {
                h = blocks.resnet(blocks.concat(h, skips.pop()), prefix + ".resnets." + j, LEVELS[level], tembSilu);
                if (DEPTHS[level] > 0) {
                    h = transformer.apply(h, prefix + ".attentions." + j, DEPTHS[level]);
                }
            }
            if (i < levels - 1) {
                h = blocks.upsample(h, prefix + ".upsamplers.0");
            }
        }

        String out = layers.silu(layers.groupNorm(h.value(), "conv_norm_out", h.channels(), 1e-5f));
        out = layers.conv(out, "conv_out", h.channels(), latent, 3);
        g.identity(out, "out_sample");
        g.output("out_sample", OnnxGraph.Type.FLOAT, "batch", (long) latent, "height", "width");
    }

    /**
     * The time embedding (sinusoid of 320 → Linear → SiLU → Linear) plus the added "text_time"
     * embedding of the six time ids and the pooled text, as diffusers' SDXL UNet sums them.
     */
    private static String embedding(Sd15Layers layers, String timestep, String textEmbeds, String timeIds) {
        OnnxGraph g = layers.graph();
        String t = sinusoid(layers, g.op("Unsqueeze", timestep, layers.constant(1)), LEVELS[0]);
        t = layers.linear(t, "time_embedding.linear_1", LEVELS[0], TIME_EMBED, true);
        t = layers.linear(layers.silu(t), "time_embedding.linear_2", TIME_EMBED, TIME_EMBED, true);

        String ids = sinusoid(layers, g.op("Unsqueeze", timeIds, layers.constant(2)), TIME_ID_EMBED);
        String flat = g.op("Reshape", ids, layers.constant(0, TIME_IDS * TIME_ID_EMBED));
        String joined = g.op("Concat", List.of(textEmbeds, flat), attr("axis", -1L));
        int in = POOLED + TIME_IDS * TIME_ID_EMBED;
        String added = layers.linear(joined, "add_embedding.linear_1", in, TIME_EMBED, true);
        added = layers.linear(layers.silu(added), "add_embedding.linear_2", TIME_EMBED, TIME_EMBED, true);
        return g.op("Add", t, added);
    }

    /** [..., 1] values → [..., dim]: cos | sin at frequencies exp(−ln(10000)·i/half), as diffusers' Timesteps. */
    private static String sinusoid(Sd15Layers layers, String values, int dim) {
        OnnxGraph g = layers.graph();
        int half = dim / 2;
        float[] frequencies = new float[half];
        for (int i = 0; i < half; i++) {
            frequencies[i] = (float) Math.exp(-Math.log(10000.0) * i / half);
        }
        String angles = g.op("Mul", values, g.init(g.fresh("frequencies"), frequencies, half));
        return g.op("Concat", List.of(g.op("Cos", angles), g.op("Sin", angles)), attr("axis", -1L));
    }
}
