package dev.easel.engine;

import ai.onnxruntime.TensorInfo;
import java.util.Optional;

/**
 * The IP-Adapter inputs of a UNet exported with the adapter loaded: {@code image_embeds}, the
 * image encoder's projected embedding (diffusers' {@code added_cond_kwargs["image_embeds"]}), as
 * [batch, dim] or [batch, 1, dim], which the UNet's own image projection turns into the adapter's
 * tokens; and optionally {@code ipadapter_scale}, the adapter's strength as a scalar or a vector
 * (one value per adapted attention layer, as StreamDiffusion's exports take it). Resolved from the
 * UNet's inputs at load.
 *
 * @param dim the embedding width (1024 for ViT-H, 1280 for ViT-bigG); 0 when the export leaves it symbolic
 * @param tokenAxis whether {@code image_embeds} has the images axis ([batch, 1, dim])
 * @param scale the shape of {@code ipadapter_scale}, when the UNet takes it
 */
record IpAdapterInputs(int dim, boolean tokenAxis, Optional<long[]> scale) {
    static final String IMAGE_EMBEDS = "image_embeds";
    static final String SCALE = "ipadapter_scale";

    /** The UNet's adapter inputs, or empty for a UNet without the adapter. */
    static Optional<IpAdapterInputs> resolve(OnnxModel unet) {
        Optional<TensorInfo> embeds = unet.input(IMAGE_EMBEDS);
        Optional<TensorInfo> scale = unet.input(SCALE);
        if (embeds.isEmpty()) {
            if (scale.isPresent()) {
                throw new ModelLoadException("unet takes '" + SCALE + "' but not '" + IMAGE_EMBEDS + "'");
            }
            return Optional.empty();
        }
        unet.requireFloat(embeds.get(), IMAGE_EMBEDS);
        long[] shape = embeds.get().getShape();
        if (shape.length == 4) {
            throw new ModelLoadException("unet image_embeds has rank 4 (the image encoder's hidden states, as"
                    + " IP-Adapter Plus takes them); only the basic IP-Adapter ([batch, 1, dim]) is supported");
        }
        if (shape.length != 2 && shape.length != 3) {
            throw new ModelLoadException(
                    "unet image_embeds has rank " + shape.length + "; expected [batch, dim] or [batch, 1, dim]");
        }
        if (shape.length == 3 && shape[1] > 1) {
            throw new ModelLoadException("unet image_embeds takes " + shape[1]
                    + " images per prompt; Easel averages its references into one ([batch, 1, dim])");
        }
        long width = shape[shape.length - 1];
        Optional<long[]> scaleShape = scale.map(info -> {
            unet.requireFloat(info, SCALE);
            long[] s = info.getShape();
            if (s.length > 1) {
                throw new ModelLoadException(
                        "unet ipadapter_scale has rank " + s.length + "; expected a scalar or one value per layer");
            }
            return s;
        });
        return Optional.of(new IpAdapterInputs(width > 0 ? (int) width : 0, shape.length == 3, scaleShape));
    }

    /** The shape of {@code image_embeds} for {@code batch} entries of {@code width} values. */
    long[] embedsShape(int batch, int width) {
        return tokenAxis ? new long[] {batch, 1, width} : new long[] {batch, width};
    }

    /** The {@code ipadapter_scale} tensor's shape and values for strength {@code value}. */
    float[] scaleValues(float value) {
        long[] shape = scale.orElseThrow();
        int count = shape.length == 0 || shape[0] <= 0 ? 1 : (int) shape[0];
        float[] values = new float[count];
        java.util.Arrays.fill(values, value);
        return values;
    }

    long[] scaleShape() {
        long[] shape = scale.orElseThrow();
        return shape.length == 0 ? new long[0] : new long[] {scaleValues(0).length};
    }
}
