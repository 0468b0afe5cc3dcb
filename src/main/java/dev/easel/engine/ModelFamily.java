package dev.easel.engine;

import dev.easel.engine.sd.Sd1Latents;
import dev.easel.engine.sd.SdxlLatents;
import java.util.List;

/**
 * The model families Easel runs, told apart by the files of a model folder
 * ({@link FamilyLayout#detect}), never by a setting: what each family's latents are (scaling
 * factor, linear preview map), the size it was trained at, and the resolutions it knows.
 * Distilled variants (SD-Turbo, SDXL-Turbo, LCM) belong to their base family; their sampling
 * defaults come from their scheduler and UNet ({@link ModelDefaults}).
 */
public enum ModelFamily {
    /** Stable Diffusion 1.x and 2.x, SD-Turbo, LCM-SD: one CLIP text encoder, any size. */
    SD1("sd1", 512),
    /** SDXL, SDXL-Turbo, LCM-SDXL: two text encoders, added conditioning, trained at 1024². */
    SDXL("sdxl", 1024);

    private final String apiName;
    private final int nativeSize;

    ModelFamily(String apiName, int nativeSize) {
        this.apiName = apiName;
        this.nativeSize = nativeSize;
    }

    /** {@code sd1} or {@code sdxl}, as logs and {@code /v1/models} say it. */
    public String apiName() {
        return apiName;
    }

    /** The side in pixels a base model of this family was trained at (turbo models may differ). */
    public int nativeSize() {
        return nativeSize;
    }

    /** The VAE scaling factor when the folder's {@code vae_decoder/config.json} gives none. */
    float defaultScalingFactor() {
        return switch (this) {
            case SD1 -> Sd1Latents.SCALING_FACTOR;
            case SDXL -> SdxlLatents.SCALING_FACTOR;
        };
    }

    /** The linear latent→RGB factors, [latent channel][R, G, B]. */
    float[][] rgbFactors() {
        return switch (this) {
            case SD1 -> Sd1Latents.rgbFactors();
            case SDXL -> SdxlLatents.rgbFactors();
        };
    }

    /** The linear preview's bias, [R, G, B]. */
    float[] rgbBias() {
        return switch (this) {
            case SD1 -> new float[3];
            case SDXL -> SdxlLatents.rgbBias();
        };
    }

    /**
     * The resolutions the family was trained at, each {width, height}: OpenAI's sizes map to the
     * nearest of them (see {@code ImagePlan}). Empty for SD 1.x/2.x, which runs any size as asked.
     */
    public List<int[]> trainedSizes() {
        return switch (this) {
            case SD1 -> List.of();
            case SDXL -> SdxlLatents.trainedSizes();
        };
    }
}
