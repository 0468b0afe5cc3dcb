package dev.easel.engine;

import dev.easel.media.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reference images through an IP-Adapter: what a folder supports ({@link #support}, at load) and
 * what one run's references become for its UNet calls ({@link #embeds}).
 */
final class References {
    /** diffusers' default adapter strength ({@code set_ip_adapter_scale} not called). */
    static final double DEFAULT_SCALE = 1.0;

    private References() {}

    /**
     * What the folder's files allow: an IP-Adapter when the UNet takes {@code image_embeds} and
     * {@code image_encoder/model.onnx} is there with a matching width. A UNet taking the adapter
     * without the encoder is a load error (it cannot be given what it was exported for); an
     * encoder beside a UNet without the adapter is unused.
     */
    static ReferenceSupport support(String name, Path dir, Unet unet, Optional<ImageEncoder> encoder) {
        Optional<IpAdapterInputs> inputs = unet.adapter();
        if (inputs.isEmpty()) {
            return ReferenceSupport.missing(name, encoder.isPresent());
        }
        if (encoder.isEmpty()) {
            throw new ModelLoadException("unet takes image_embeds (it was exported with an IP-Adapter) but "
                    + dir.resolve("image_encoder/model.onnx") + " is missing: add the adapter's CLIP vision encoder"
                    + " (pixel_values → image_embeds)");
        }
        int unetDim = inputs.get().dim();
        int encoderDim = encoder.get().dim();
        if (unetDim > 0 && encoderDim > 0 && unetDim != encoderDim) {
            throw new ModelLoadException("image_encoder makes " + encoderDim + "-wide image_embeds but the unet takes "
                    + unetDim + ": the encoder is not the one this adapter was trained with");
        }
        Optional<Double> configured = configuredScale(dir);
        boolean adjustable = inputs.get().scale().isPresent();
        if (configured.isPresent() && !adjustable) {
            throw new ModelLoadException(dir.resolve("easel.json") + " sets ip_adapter_scale, but the unet takes no "
                    + IpAdapterInputs.SCALE + " input: its adapter strength is fixed by the export");
        }
        return new ReferenceSupport.IpAdapter(adjustable, configured.orElse(DEFAULT_SCALE));
    }

    /**
     * The adapter's input for a run without references: zeros at strength 0, as wide as the UNet
     * declares, else as the encoder declares, else as the encoder's output for a black picture.
     */
    static ImageEmbeds off(Unet unet, ImageEncoder encoder) {
        int width = unet.adapter().orElseThrow().dim();
        if (width == 0) {
            width = encoder.dim();
        }
        if (width == 0) {
            width = encoder.embed(List.of(new RgbImage(224, 224, new byte[224 * 224 * 3])), new StageTimings()).length;
        }
        return new ImageEmbeds(new float[width], 0f);
    }

    private static Optional<Double> configuredScale(Path dir) {
        Path file = dir.resolve("easel.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = JsonMapper.shared().readTree(Files.readString(file));
            JsonNode scale = json.get("ip_adapter_scale");
            if (scale == null) {
                return Optional.empty();
            }
            double v = scale.asDouble(-1);
            if (!scale.isNumber() || v < 0 || v > ImagePrompt.MAX_SCALE) {
                throw new ModelLoadException(
                        file + ": ip_adapter_scale must be a number from 0 to " + ImagePrompt.MAX_SCALE);
            }
            return Optional.of(v);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The image embedding {@code prompt} gives a run of {@code model}: without references, zeros
     * at strength 0 on an IP-Adapter model (the adapter off) and empty on others;
     * with them, the mean of their embeddings at the requested strength (or the model's default).
     *
     * @throws UnsupportedOperationException when the model cannot use reference images, or a
     *     strength is asked of an export whose strength is fixed
     */
    static Optional<ImageEmbeds> embeds(DiffusionModel model, ImagePrompt prompt, StageTimings timings) {
        return switch (prompt) {
            case ImagePrompt.None() -> model.noReferences();
            case ImagePrompt.References refs -> {
                if (!(model.referenceSupport() instanceof ReferenceSupport.IpAdapter adapter)) {
                    throw new UnsupportedOperationException(
                            ((ReferenceSupport.Unsupported) model.referenceSupport()).reason());
                }
                if (refs.scale().isPresent() && !adapter.adjustableScale()) {
                    throw new UnsupportedOperationException("model '" + model.name + "' has its IP-Adapter strength"
                            + " fixed by its export (its unet takes no " + IpAdapterInputs.SCALE + " input)");
                }
                float[] values = model.imageEncoder.orElseThrow().embed(refs.images(), timings);
                yield Optional.of(new ImageEmbeds(values, (float) refs.scale().orElse(adapter.defaultScale())));
            }
        };
    }
}
