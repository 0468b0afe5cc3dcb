package dev.easel.engine.sd;

/**
 * The SD 1.x/2.x latent space (SD-Turbo shares it): the VAE scaling factor, and the linear
 * latent→RGB approximation with ComfyUI's published factors (shared/notes/engine-facts.md).
 */
public final class Sd1Latents {
    /** UNet latents are the VAE's latents times this; diffusers' default {@code scaling_factor}. */
    public static final float SCALING_FACTOR = 0.18215f;

    /** Rows: latent channels 1–4; columns: R, G, B. No bias. Applied to x0 before the ÷ scaling factor. */
    private static final float[][] LATENT_RGB = {
        {0.3512f, 0.2297f, 0.3227f},
        {0.3250f, 0.4974f, 0.2350f},
        {-0.2829f, 0.1762f, 0.2721f},
        {-0.2120f, -0.2616f, -0.7177f},
    };

    private Sd1Latents() {}

    /** A fresh copy of the latent→RGB factors, [latent channel][R, G, B]: the caller may keep it. */
    public static float[][] rgbFactors() {
        float[][] copy = new float[LATENT_RGB.length][];
        for (int l = 0; l < copy.length; l++) {
            copy[l] = LATENT_RGB[l].clone();
        }
        return copy;
    }
}
