package dev.easel.engine.synth;

import static dev.easel.engine.synth.OnnxGraph.attr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A UNet wired like Stable Diffusion 1.5's (≈859.5 M parameters) with seeded random weights, so
 * benchmarks pay the real model's compute without shipping its weights. Inputs and outputs match
 * the diffusers ONNX export: {@code sample}, {@code timestep}, {@code encoder_hidden_states} →
 * {@code out_sample}. The latent's height and width must be multiples of 8 (three downsamples).
 */
final class Sd15Unet {
    static final String MODEL_FILE = "model.onnx";
    static final String DATA_FILE = "model.onnx_data";

    private Sd15Unet() {}

    /** Writes dir/model.onnx + dir/model.onnx_data (external data). Returns the parameter count. */
    static long write(Path unetDir, long seed) throws IOException {
        return write(unetDir, seed, 1);
    }

    /** The same architecture with every width divided by {@code divisor} (8 → 40/80/160/160). */
    static long write(Path unetDir, long seed, int divisor) throws IOException {
        return write(unetDir, seed, UnetWidths.divided(divisor));
    }

    /**
     * SD 2.x's variant of the same UNet, which SD-Turbo has (≈865 M parameters): a 1024-wide text
     * context, linear transformer projections and heads of 64 channels.
     */
    static long writeSd2(Path unetDir, long seed) throws IOException {
        return write(unetDir, seed, new UnetWidths(320, 1024));
    }

    private static long write(Path unetDir, long seed, UnetWidths widths) throws IOException {
        Files.createDirectories(unetDir);
        // Weights stream into the data file as each layer is built, so heap stays bounded by the
        // largest single tensor (a 1280×1280×3×3 conv, 59 MB) and the graph structure.
        try (OnnxGraph g = new OnnxGraph("sd15_unet", unetDir.resolve(DATA_FILE))) {
            Weights weights = Weights.seeded(g, seed);
            build(g, weights, widths);
            g.save(unetDir.resolve(MODEL_FILE));
            return weights.count();
        }
    }

    /** The parameter count {@link #write(Path, long, int)} would produce, without writing weights. */
    static long countParameters(int divisor) throws IOException {
        return countParameters(UnetWidths.divided(divisor));
    }

    /** The parameter count of {@link #writeSd2}. */
    static long countSd2Parameters() throws IOException {
        return countParameters(new UnetWidths(320, 1024));
    }

    private static long countParameters(UnetWidths widths) throws IOException {
        try (OnnxGraph g = new OnnxGraph("sd15_unet")) {
            Weights weights = Weights.counting(g);
            build(g, weights, widths);
            return weights.count();
        }
    }

    /** Writes the full-size model: {@code Sd15Unet <dir> [seed] [divisor]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: Sd15Unet <dir> [seed] [divisor]");
            System.exit(2);
        }
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
        int divisor = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        long params = write(Path.of(args[0]), seed, divisor);
        System.out.println("parameters: " + params);
    }

    private static void build(OnnxGraph g, Weights weights, UnetWidths widths) {
        String sample =
                g.input("sample", OnnxGraph.Type.FLOAT, "batch", (long) UnetWidths.LATENT_CHANNELS, "height", "width");
        String timestep = g.input("timestep", OnnxGraph.Type.FLOAT, "batch");
        String context =
                g.input("encoder_hidden_states", OnnxGraph.Type.FLOAT, "batch", "sequence", (long) widths.contextDim());

        Sd15Layers layers = new Sd15Layers(g, weights);
        Sd15Blocks blocks = new Sd15Blocks(layers, widths.timeEmbed());
        // SD 1.5's context is CLIP ViT-L's 768; SD 2.x's OpenCLIP ViT-H 1024, with SD 2.x's transformers.
        Sd15Transformer transformer = widths.contextDim() == 768
                ? new Sd15Transformer(layers, context, widths.contextDim())
                : Sd15Transformer.sdxl(layers, context, widths.contextDim());

        String temb = timeEmbedding(layers, timestep, widths);
        // Every resnet applies SiLU to the embedding before its projection; one shared SiLU
        // gives identical results without repeating it in each of the 22 resnets.
        String tembSilu = layers.silu(temb);

        Feature h = new Feature(
                layers.conv(sample, "conv_in", UnetWidths.LATENT_CHANNELS, widths.level(0), 3), widths.level(0));
        Deque<Feature> skips = new ArrayDeque<>();
        skips.push(h);
        int levels = UnetWidths.levels();
        for (int i = 0; i < levels; i++) {
            boolean attention = i < levels - 1;
            String prefix = "down_blocks." + i;
            for (int j = 0; j < 2; j++) {
                h = blocks.resnet(h, prefix + ".resnets." + j, widths.level(i), tembSilu);
                if (attention) {
                    h = transformer.apply(h, prefix + ".attentions." + j);
                }
                skips.push(h);
            }
            if (i < levels - 1) {
                h = blocks.downsample(h, prefix + ".downsamplers.0");
                skips.push(h);
            }
        }

        int deepest = widths.level(levels - 1);
        h = blocks.resnet(h, "mid_block.resnets.0", deepest, tembSilu);
        h = transformer.apply(h, "mid_block.attentions.0");
        h = blocks.resnet(h, "mid_block.resnets.1", deepest, tembSilu);

        for (int i = 0; i < levels; i++) {
            boolean attention = i > 0;
            String prefix = "up_blocks." + i;
            int out = widths.level(levels - 1 - i);
            for (int j = 0; j < 3; j++) {
                // Skips come back last-in first-out, which pairs each up resnet with its mirror
                // image on the down path exactly as diffusers' res_samples slicing does.
                h = blocks.resnet(blocks.concat(h, skips.pop()), prefix + ".resnets." + j, out, tembSilu);
                if (attention) {
                    h = transformer.apply(h, prefix + ".attentions." + j);
                }
            }
            if (i < levels - 1) {
                h = blocks.upsample(h, prefix + ".upsamplers.0");
            }
        }

        String out = layers.silu(layers.groupNorm(h.value(), "conv_norm_out", h.channels(), 1e-5f));
        out = layers.conv(out, "conv_out", h.channels(), UnetWidths.LATENT_CHANNELS, 3);
        g.identity(out, "out_sample");
        g.output("out_sample", OnnxGraph.Type.FLOAT, "batch", (long) UnetWidths.LATENT_CHANNELS, "height", "width");
    }

    /**
     * Sinusoidal embedding of the timestep as diffusers computes it (flip_sin_to_cos, freq_shift
     * 0: frequencies exp(-ln(10000)·i/half)), [cos | sin], then Linear → SiLU → Linear.
     */
    private static String timeEmbedding(Sd15Layers layers, String timestep, UnetWidths widths) {
        OnnxGraph g = layers.graph();
        int half = widths.base() / 2;
        float[] frequencies = new float[half];
        for (int i = 0; i < half; i++) {
            frequencies[i] = (float) Math.exp(-Math.log(10000.0) * i / half);
        }
        String freqs = g.init(g.fresh("time_frequencies"), frequencies, half);
        String angles = g.op("Mul", g.op("Unsqueeze", timestep, layers.constant(1)), freqs);
        String sinusoid = g.op("Concat", List.of(g.op("Cos", angles), g.op("Sin", angles)), attr("axis", -1L));
        String t = layers.linear(sinusoid, "time_embedding.linear_1", widths.base(), widths.timeEmbed(), true);
        return layers.linear(layers.silu(t), "time_embedding.linear_2", widths.timeEmbed(), widths.timeEmbed(), true);
    }
}
