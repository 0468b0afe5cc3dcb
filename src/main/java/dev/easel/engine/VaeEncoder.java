package dev.easel.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import dev.easel.media.RgbImage;
import java.nio.file.Path;
import java.util.Map;

/**
 * The VAE encoder stage: pixels → UNet-space latents (multiplied by the scaling factor). Exports
 * emit either {@code latent_sample} (4 channels, already sampled) or {@code latent_parameters} (8:
 * mean, then log-variance); both start with the 4 channels used here, so an 8-channel encoder
 * contributes its mean and encoding is deterministic. Owns its session; thread-safe.
 */
final class VaeEncoder implements AutoCloseable {
    private final OnnxModel model;
    private final OrtEnvironment env;
    private final String input;
    private final String output;
    private final float scalingFactor;

    private VaeEncoder(OnnxModel model, OrtEnvironment env, float scalingFactor) {
        this.model = model;
        this.env = env;
        this.scalingFactor = scalingFactor;
        this.input = model.firstInput();
        this.output = model.outputPreferring("latent_sample", "latent_parameters");
        model.requireFloat(model.requireInput(input), "input");
        model.requireFloat(model.outputInfo(output), "output");
    }

    static VaeEncoder open(OrtRuntime runtime, Path file, float scalingFactor) {
        return OnnxModel.open(runtime, file, "vae_encoder")
                .into(m -> new VaeEncoder(m, runtime.environment(), scalingFactor));
    }

    /** The output read: {@code latent_sample} or {@code latent_parameters} (or the export's only one). */
    String output() {
        return output;
    }

    /** The latents of {@code image} (sides multiples of 8), timed as {@link Stage#VAE_ENCODER}. */
    Latents encode(RgbImage image, StageTimings timings) {
        long start = System.nanoTime();
        try (OnnxTensor in = Tensors.floats(env, image.toPlanarSigned(), 1, 3, image.height(), image.width())) {
            float[] out = model.runForFloats(Map.of(input, in), output, timings);
            int h = image.height() / 8;
            int w = image.width() / 8;
            int plane = 4 * h * w;
            if (out.length != plane && out.length != 2 * plane) {
                throw new IllegalStateException(
                        "vae_encoder returned " + out.length + " values for a " + w + "x" + h + " latent");
            }
            float[] latents = new float[plane];
            for (int i = 0; i < plane; i++) {
                latents[i] = out[i] * scalingFactor;
            }
            return new Latents(4, h, w, latents);
        } finally {
            timings.add(Stage.VAE_ENCODER, System.nanoTime() - start);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
