package dev.easel.engine;

/**
 * Whether a loaded model can be steered by reference images ({@link ImagePrompt.References}), as
 * its files tell: an IP-Adapter needs {@code image_encoder/model.onnx} (CLIP vision with
 * projection: {@code pixel_values} → {@code image_embeds}) and a UNet exported with the adapter
 * (an {@code image_embeds} input, diffusers' {@code added_cond_kwargs["image_embeds"]}).
 */
public sealed interface ReferenceSupport {

    /** The model cannot use reference images; {@code reason} says why and what the folder would need. */
    record Unsupported(String reason) implements ReferenceSupport {}

    /**
     * An IP-Adapter model.
     *
     * @param adjustableScale whether the UNet takes the adapter's strength ({@code ipadapter_scale});
     *     without it the strength is the one baked into the export
     * @param defaultScale the strength used when a request sets none ({@code ip_adapter_scale} in
     *     {@code easel.json}, else 1.0, diffusers' default)
     */
    record IpAdapter(boolean adjustableScale, double defaultScale) implements ReferenceSupport {}

    /** The refusal for a model that is not an IP-Adapter model: what is missing and how to add it. */
    static Unsupported missing(String model, boolean hasEncoder) {
        String why = hasEncoder
                ? "its unet takes no image_embeds input (export the UNet with the IP-Adapter loaded,"
                        + " taking image_embeds [batch, 1, dim])"
                : "its folder has no image_encoder/model.onnx and its unet no image_embeds input (an IP-Adapter"
                        + " model needs both: the CLIP vision encoder and a UNet exported with the adapter)";
        return new Unsupported("Model '" + model + "' cannot use reference images: " + why + ".");
    }
}
