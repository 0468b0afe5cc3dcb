package dev.easel.engine;

import ai.onnxruntime.TensorInfo;
import java.util.Optional;

/**
 * SDXL's added conditioning, the UNet inputs beside the text context: {@code text_embeds}
 * [batch, width], the second text encoder's pooled embedding, and {@code time_ids} [batch, 6],
 * the micro-conditioning (original height, width; crop top, left; target height, width). Resolved
 * from the UNet's inputs at load.
 *
 * @param pooledWidth the width of {@code text_embeds} (1280 for SDXL)
 */
record AddedConditioning(int pooledWidth) {
    static final String TEXT_EMBEDS = "text_embeds";
    static final String TIME_IDS = "time_ids";
    static final int TIME_IDS_WIDTH = 6;
    /** SDXL's pooled width, when the export leaves {@code text_embeds}' second dimension symbolic. */
    static final int DEFAULT_POOLED_WIDTH = 1280;

    AddedConditioning {
        if (pooledWidth < 1) {
            throw new IllegalArgumentException("pooled width must be ≥ 1: " + pooledWidth);
        }
    }

    /**
     * What the UNet takes besides the sample, timestep and context: SDXL's pair of inputs, or
     * nothing (SD 1.x/2.x); one of the pair alone, or the refiner's 5 time ids, is a load error.
     */
    static Optional<AddedConditioning> resolve(OnnxModel unet) {
        Optional<TensorInfo> embeds = unet.input(TEXT_EMBEDS);
        Optional<TensorInfo> ids = unet.input(TIME_IDS);
        if (embeds.isEmpty() && ids.isEmpty()) {
            return Optional.empty();
        }
        if (embeds.isEmpty() || ids.isEmpty()) {
            throw new ModelLoadException("unet takes '" + (embeds.isPresent() ? TEXT_EMBEDS : TIME_IDS) + "' but not '"
                    + (embeds.isPresent() ? TIME_IDS : TEXT_EMBEDS) + "': an unknown layout (SDXL UNets take both)");
        }
        long[] idShape = ids.get().getShape();
        if (idShape.length != 2) {
            throw new ModelLoadException("unet time_ids has rank " + idShape.length + "; expected [batch, 6]");
        }
        if (idShape[1] == 5) {
            throw new ModelLoadException("unet takes 5 time_ids (with an aesthetic score): this is an SDXL refiner,"
                    + " which only refines another model's latents; load the SDXL base model instead");
        }
        if (idShape[1] > 0 && idShape[1] != TIME_IDS_WIDTH) {
            throw new ModelLoadException("unet time_ids has " + idShape[1] + " values; expected " + TIME_IDS_WIDTH);
        }
        unet.requireFloat(embeds.get(), TEXT_EMBEDS);
        unet.requireFloat(ids.get(), TIME_IDS);
        long[] embedShape = embeds.get().getShape();
        if (embedShape.length != 2) {
            throw new ModelLoadException(
                    "unet text_embeds has rank " + embedShape.length + "; expected [batch, width]");
        }
        return Optional.of(new AddedConditioning(embedShape[1] > 0 ? (int) embedShape[1] : DEFAULT_POOLED_WIDTH));
    }

    /**
     * The time ids of one batch entry for a picture of {@code height} × {@code width} pixels, as
     * diffusers' SDXL pipelines make them by default: the original size and the target size are
     * the picture's, the crop's top-left corner (0, 0).
     */
    static float[] timeIds(int height, int width) {
        return new float[] {height, width, 0, 0, height, width};
    }
}
