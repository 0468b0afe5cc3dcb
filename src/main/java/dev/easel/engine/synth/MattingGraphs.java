package dev.easel.engine.synth;

import dev.easel.engine.synth.OnnxGraph.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tiny matting models with the real exports' input and output names, whose mask is a known
 * function of each pixel, so a test can compute the exact alpha it expects: with {@code x} the
 * normalised input (pixel / 255, less ImageNet's mean, over ImageNet's deviation), the logit is
 * {@link #GAIN}·(x_R − x_B) (one 1×1 convolution), the mask its sigmoid. The BiRefNet layout
 * outputs the logits (as BiRefNet does) and takes any size, which its
 * {@code preprocessor_config.json} sets; the U²-Net and ISNet layouts output the sigmoid, first of
 * two outputs, and take a fixed square (ISNet's deviation is 1, as rembg's export expects; the
 * graph still divides by ImageNet's, so the same formula holds for its input).
 */
public final class MattingGraphs {
    /** The logit's gain on the normalised red-minus-blue difference. */
    public static final float GAIN = 2f;

    /** ImageNet's mean and deviation, as the BiRefNet and U²-Net exports normalise. */
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};

    public static final float[] STD = {0.229f, 0.224f, 0.225f};

    /** The exports whose names the models have. */
    public enum Export {
        /** {@code input_image} [1, 3, H, W] (any size) → {@code output_image} logits. */
        BIREFNET,
        /** {@code input.1} [1, 3, S, S] → the mask (a probability), then a side output. */
        U2NET,
        /** {@code input} [1, 3, S, S] → the mask (a probability), then a side output; deviation 1 in. */
        ISNET
    }

    private MattingGraphs() {}

    /**
     * Writes {@code model.onnx} into {@code dir} (created if needed); for BiRefNet also a
     * {@code preprocessor_config.json} whose size is {@code size}.
     */
    public static void write(Path dir, Export export, int size) throws IOException {
        Files.createDirectories(dir);
        try (OnnxGraph g = new OnnxGraph("matting_" + export.name().toLowerCase(java.util.Locale.ROOT))) {
            switch (export) {
                case BIREFNET -> {
                    String x = g.input("input_image", Type.FLOAT, "batch_size", 3L, "height", "width");
                    g.identity(logits(g, x, STD), "output_image");
                    g.output("output_image", Type.FLOAT, "batch_size", 1L, "height", "width");
                    Files.writeString(dir.resolve("preprocessor_config.json"), """
                            {
                              "do_normalize": true,
                              "do_rescale": true,
                              "do_resize": true,
                              "image_mean": [0.485, 0.456, 0.406],
                              "image_std": [0.229, 0.224, 0.225],
                              "rescale_factor": 0.00392156862745098,
                              "size": {"width": %d, "height": %d}
                            }
                            """.formatted(size, size));
                }
                case U2NET ->
                    probabilities(g, g.input("input.1", Type.FLOAT, 1L, 3L, (long) size, (long) size), STD, size);
                case ISNET ->
                    // The export is fed x·std_imagenet / 1: undo that to reach the same formula.
                    probabilities(
                            g,
                            g.input("input", Type.FLOAT, 1L, 3L, (long) size, (long) size),
                            new float[] {1, 1, 1},
                            size);
            }
            g.save(dir.resolve("model.onnx"));
        }
    }

    /** The logit of every pixel, from the input normalised with deviation {@code fedStd}. */
    private static String logits(OnnxGraph g, String x, float[] fedStd) {
        // x_c(ImageNet) = fed_c · fedStd_c / STD_c, so the weights fold in fedStd_c / STD_c.
        float[] w = {GAIN * fedStd[0] / STD[0], 0f, -GAIN * fedStd[2] / STD[2]};
        return g.op("Conv", x, g.init(g.fresh("w"), w, 1, 3, 1, 1), g.init(g.fresh("b"), new float[] {0f}, 1));
    }

    private static void probabilities(OnnxGraph g, String x, float[] fedStd, int size) {
        String mask = g.op("Sigmoid", logits(g, x, fedStd));
        g.identity(mask, "d0");
        g.identity(g.op("Mul", mask, g.scalar(0.5f)), "d1");
        for (String name : List.of("d0", "d1")) {
            g.output(name, Type.FLOAT, 1L, 1L, (long) size, (long) size);
        }
    }
}
