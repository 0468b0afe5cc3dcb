package dev.easel.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The matting (background-removal) exports Easel recognises, told apart by their input's name, as
 * their exporters leave it, with the preprocessing each was trained with (what rembg and the
 * exports' own model cards use):
 *
 * <ul>
 *   <li>BiRefNet ({@code ZhengPeng7/BiRefNet} exports, e.g. {@code onnx-community/BiRefNet_lite-ONNX}):
 *       {@code input_image} [1, 3, 1024, 1024] → {@code output_image} [1, 1, 1024, 1024] logits (the
 *       mask is their sigmoid); ImageNet mean and deviation.
 *   <li>U²-Net (rembg's {@code u2net}, {@code u2netp}, {@code silueta}): {@code input.1} [1, 3, 320, 320]
 *       → seven side outputs, the first the fused mask, already a probability; ImageNet mean and deviation.
 *   <li>ISNet (rembg's {@code isnet-general-use}; BRIA's RMBG-1.4 has the same graph): {@code input}
 *       [1, 3, 1024, 1024] → six outputs, the first the mask, already a probability; mean ImageNet's,
 *       deviation 1 (RMBG-1.4's {@code preprocessor_config.json} says mean 0.5, and is read when present).
 * </ul>
 *
 * @param input the image input's name
 * @param output the output read (its first channel is the mask)
 * @param logits whether the output needs a sigmoid to become a probability
 * @param size the square side the export was traced at, used when neither the model's input shape
 *     nor a {@code preprocessor_config.json} says otherwise
 */
record MattingLayout(String name, String input, String output, boolean logits, int size, float[] mean, float[] std) {

    static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
    private static final float[] UNIT = {1f, 1f, 1f};

    /** The known layouts, by input name; the output is the layout's when it has one, else the model's first. */
    private record Known(String name, String input, Optional<String> output, boolean logits, int size, float[] std) {}

    private static final List<Known> KNOWN = List.of(
            new Known("birefnet", "input_image", Optional.of("output_image"), true, 1024, IMAGENET_STD),
            new Known("u2net", "input.1", Optional.empty(), false, 320, IMAGENET_STD),
            new Known("isnet", "input", Optional.empty(), false, 1024, UNIT));

    /**
     * The layout of a model with these inputs and outputs (names in the model's order).
     *
     * @throws ModelLoadException naming what the model has and what Easel knows
     */
    static MattingLayout detect(List<String> inputs, List<String> outputs, String file) {
        if (inputs.size() != 1 || outputs.isEmpty()) {
            throw unknown(inputs, outputs, file);
        }
        for (Known k : KNOWN) {
            if (k.input().equals(inputs.getFirst())) {
                String output = k.output().orElse(outputs.getFirst());
                if (!outputs.contains(output)) {
                    throw unknown(inputs, outputs, file);
                }
                return new MattingLayout(k.name(), k.input(), output, k.logits(), k.size(), IMAGENET_MEAN, k.std());
            }
        }
        throw unknown(inputs, outputs, file);
    }

    private static ModelLoadException unknown(List<String> inputs, List<String> outputs, String file) {
        return new ModelLoadException("the matting model " + file + " has inputs " + inputs + " and outputs " + outputs
                + ", a layout Easel does not know. It reads BiRefNet exports (input_image → output_image, logits),"
                + " U²-Net (input.1 → a probability mask first) and ISNet / RMBG-1.4 (input → a probability mask"
                + " first), each with one image input [1, 3, H, W]; `easel pull --matting` fetches a BiRefNet one");
    }

    @Override
    public String toString() {
        return name + "(" + input + " → " + output + (logits ? ", logits" : "") + ", " + size + "², mean "
                + Arrays.toString(mean) + ", std " + Arrays.toString(std) + ")";
    }
}
