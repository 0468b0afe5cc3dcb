package dev.easel.engine.sd;

import java.util.List;

/**
 * The SDXL latent space (SDXL-Turbo and LCM-SDXL share it): the VAE scaling factor, the linear
 * latent→RGB approximation (ComfyUI's published SDXL factors, which carry a bias), and the
 * resolutions SDXL was trained at (the aspect-ratio buckets of the SDXL report, all about one
 * megapixel).
 */
public final class SdxlLatents {
    /** UNet latents are the VAE's latents times this; SDXL's {@code scaling_factor}. */
    public static final float SCALING_FACTOR = 0.13025f;

    /** Rows: latent channels 1–4; columns: R, G, B. Applied to x0 before the ÷ scaling factor. */
    private static final float[][] LATENT_RGB = {
        {0.3651f, 0.4232f, 0.4341f},
        {-0.2533f, -0.0042f, 0.1068f},
        {0.1076f, 0.1111f, -0.0362f},
        {-0.3165f, -0.2492f, -0.2188f},
    };

    private static final float[] LATENT_RGB_BIAS = {0.1084f, -0.0175f, -0.0011f};

    /** The trained resolutions, width × height, square first. */
    private static final List<int[]> TRAINED_SIZES = List.of(
            new int[] {1024, 1024},
            new int[] {1152, 896},
            new int[] {896, 1152},
            new int[] {1216, 832},
            new int[] {832, 1216},
            new int[] {1344, 768},
            new int[] {768, 1344},
            new int[] {1536, 640},
            new int[] {640, 1536});

    private SdxlLatents() {}

    /** A fresh copy of the latent→RGB factors, [latent channel][R, G, B]: the caller may keep it. */
    public static float[][] rgbFactors() {
        float[][] copy = new float[LATENT_RGB.length][];
        for (int l = 0; l < copy.length; l++) {
            copy[l] = LATENT_RGB[l].clone();
        }
        return copy;
    }

    /** A fresh copy of the latent→RGB bias, [R, G, B]. */
    public static float[] rgbBias() {
        return LATENT_RGB_BIAS.clone();
    }

    /** Fresh copies of the trained resolutions, each {width, height}. */
    public static List<int[]> trainedSizes() {
        return TRAINED_SIZES.stream().map(int[]::clone).toList();
    }
}
