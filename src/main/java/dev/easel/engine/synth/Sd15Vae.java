package dev.easel.engine.synth;

import dev.easel.engine.synth.OnnxGraph.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * SD 1.5's AutoencoderKL (decoder ≈49.5 M, encoder ≈34.2 M parameters) with seeded random
 * weights, so benchmarks pay the real VAE's compute. Interfaces match the ONNX exports:
 * decoder {@code latent_sample} → {@code sample}; encoder {@code sample} → optimum-style
 * {@code latent_parameters} (mean and log-variance). The decoder ends at conv_out with no
 * squashing, as the real one does; the engine clamps its output.
 */
final class Sd15Vae {
    static final String MODEL_FILE = "model.onnx";
    static final String DATA_FILE = "model.onnx_data";
    /** Mean and log-variance of the 4 latent channels. */
    static final int LATENT_PARAMETERS = 2 * VaeWidths.LATENT_CHANNELS;
    /** Resnets per level: layers_per_block 2; the decoder's up blocks have one more. */
    private static final int LAYERS_PER_BLOCK = 2;

    private enum Part {
        DECODER,
        ENCODER
    }

    private Sd15Vae() {}

    /** Writes dir/model.onnx + dir/model.onnx_data. Returns the parameter count. */
    static long writeDecoder(Path dir, long seed) throws IOException {
        return writeDecoder(dir, seed, 1);
    }

    /** The same decoder with every width divided by {@code divisor} (8 → 64/64/32/16). */
    static long writeDecoder(Path dir, long seed, int divisor) throws IOException {
        return write(dir, seed, divisor, Part.DECODER);
    }

    static long writeEncoder(Path dir, long seed) throws IOException {
        return writeEncoder(dir, seed, 1);
    }

    static long writeEncoder(Path dir, long seed, int divisor) throws IOException {
        return write(dir, seed, divisor, Part.ENCODER);
    }

    /** The parameter count {@link #writeDecoder(Path, long, int)} would produce, writing nothing. */
    static long countDecoderParameters(int divisor) throws IOException {
        return count(divisor, Part.DECODER);
    }

    static long countEncoderParameters(int divisor) throws IOException {
        return count(divisor, Part.ENCODER);
    }

    private static long write(Path dir, long seed, int divisor, Part part) throws IOException {
        VaeWidths widths = VaeWidths.divided(divisor);
        Files.createDirectories(dir);
        // Streaming weights to the data file keeps heap at the largest tensor (a 512×512×3×3
        // conv, 9.4 MB) rather than the whole 200 MB decoder.
        try (OnnxGraph g = new OnnxGraph(graphName(part), dir.resolve(DATA_FILE))) {
            Weights weights = Weights.seeded(g, seed);
            build(new Sd15Layers(g, weights), widths, part);
            g.save(dir.resolve(MODEL_FILE));
            return weights.count();
        }
    }

    private static long count(int divisor, Part part) throws IOException {
        try (OnnxGraph g = new OnnxGraph(graphName(part))) {
            Weights weights = Weights.counting(g);
            build(new Sd15Layers(g, weights), VaeWidths.divided(divisor), part);
            return weights.count();
        }
    }

    private static String graphName(Part part) {
        return part == Part.DECODER ? "sd15_vae_decoder" : "sd15_vae_encoder";
    }

    private static void build(Sd15Layers layers, VaeWidths widths, Part part) {
        switch (part) {
            case DECODER -> buildDecoder(layers, widths);
            case ENCODER -> buildEncoder(layers, widths);
        }
    }

    private static void buildDecoder(Sd15Layers layers, VaeWidths widths) {
        OnnxGraph g = layers.graph();
        Sd15VaeBlocks blocks = new Sd15VaeBlocks(layers);
        int latent = VaeWidths.LATENT_CHANNELS;
        String z = g.input("latent_sample", Type.FLOAT, "batch", (long) latent, "latent_height", "latent_width");
        z = layers.conv(z, "post_quant_conv", latent, latent, 1);
        Feature h = new Feature(layers.conv(z, "decoder.conv_in", latent, widths.deepest(), 3), widths.deepest());
        h = blocks.midBlock(h, "decoder.mid_block");
        int levels = VaeWidths.levels();
        for (int i = 0; i < levels; i++) {
            String prefix = "decoder.up_blocks." + i;
            int out = widths.level(levels - 1 - i);
            for (int j = 0; j < LAYERS_PER_BLOCK + 1; j++) {
                h = blocks.resnet(h, prefix + ".resnets." + j, out);
            }
            if (i < levels - 1) {
                h = blocks.upsample(h, prefix + ".upsamplers.0");
            }
        }
        g.identity(blocks.convOut(h, "decoder", VaeWidths.PIXEL_CHANNELS), "sample");
        g.output("sample", Type.FLOAT, "batch", (long) VaeWidths.PIXEL_CHANNELS, "height", "width");
    }

    private static void buildEncoder(Sd15Layers layers, VaeWidths widths) {
        OnnxGraph g = layers.graph();
        Sd15VaeBlocks blocks = new Sd15VaeBlocks(layers);
        int pixels = VaeWidths.PIXEL_CHANNELS;
        String x = g.input("sample", Type.FLOAT, "batch", (long) pixels, "height", "width");
        Feature h = new Feature(layers.conv(x, "encoder.conv_in", pixels, widths.level(0), 3), widths.level(0));
        int levels = VaeWidths.levels();
        for (int i = 0; i < levels; i++) {
            String prefix = "encoder.down_blocks." + i;
            for (int j = 0; j < LAYERS_PER_BLOCK; j++) {
                h = blocks.resnet(h, prefix + ".resnets." + j, widths.level(i));
            }
            if (i < levels - 1) {
                h = blocks.downsample(h, prefix + ".downsamplers.0");
            }
        }
        h = blocks.midBlock(h, "encoder.mid_block");
        String moments = blocks.convOut(h, "encoder", LATENT_PARAMETERS);
        moments = layers.conv(moments, "quant_conv", LATENT_PARAMETERS, LATENT_PARAMETERS, 1);
        g.identity(moments, "latent_parameters");
        g.output("latent_parameters", Type.FLOAT, "batch", (long) LATENT_PARAMETERS, "latent_height", "latent_width");
    }
}
