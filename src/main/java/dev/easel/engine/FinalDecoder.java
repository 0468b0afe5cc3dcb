package dev.easel.engine;

import java.util.Locale;

/**
 * What decodes a run's final latents: the model's full VAE decoder, or its TAESD decoder (when
 * the folder has one), a fraction of the cost at some loss of fine detail.
 */
public enum FinalDecoder {
    VAE,
    TAESD;

    public static FinalDecoder parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "vae" -> VAE;
            case "taesd" -> TAESD;
            default -> throw new IllegalArgumentException("decoder must be vae or taesd: " + name);
        };
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
