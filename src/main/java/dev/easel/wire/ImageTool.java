package dev.easel.wire;

import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code image_generation} tool as a request configured it, defaults filled in (spec 2.1).
 *
 * @param mask {@code input_image_mask}: the mask's source, applied to the edited image
 * @param seed Easel extension: the engine seed, for reproducible images (random when absent)
 */
public record ImageTool(
        Optional<String> model,
        String action,
        String background,
        Optional<String> inputFidelity,
        Optional<ContentPart.ImageSource> mask,
        String moderation,
        int outputCompression,
        String outputFormat,
        int partialImages,
        String quality,
        String size,
        int n,
        Optional<Long> seed)
        implements ToolSpec {

    /** The normalised echo in {@code response.tools} (the 2025 captures' fields, plus what was set). */
    @Override
    public ObjectNode echo() {
        ObjectNode t = dev.easel.json.Wire.object();
        t.put("type", "image_generation");
        t.put("background", background);
        model.ifPresent(m -> t.put("model", m));
        t.put("moderation", moderation);
        t.put("n", n);
        t.put("output_compression", outputCompression);
        t.put("output_format", outputFormat);
        t.put("partial_images", partialImages);
        t.put("quality", quality);
        t.put("size", size);
        inputFidelity.ifPresent(f -> t.put("input_fidelity", f));
        if (!action.equals("auto")) {
            t.put("action", action);
        }
        seed.ifPresent(v -> t.put("seed", v));
        return t;
    }
}
