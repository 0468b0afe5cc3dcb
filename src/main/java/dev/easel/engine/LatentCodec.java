package dev.easel.engine;

import ai.onnxruntime.OnnxTensor;
import dev.easel.media.RgbImage;
import java.util.Map;

/**
 * The VAE: pixels ↔ UNet-space latents, applying the model's scaling factor. Encoders that emit
 * 8-channel {@code latent_parameters} (mean and log-variance) contribute their mean, so encoding
 * is deterministic.
 */
final class LatentCodec {
    private LatentCodec() {}

    static RgbImage decode(DiffusionModel model, Latents latents, StageTimings timings) {
        long start = System.nanoTime();
        float[] scaled = new float[latents.data().length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = latents.data()[i] / model.scalingFactor;
        }
        var env = model.runtime.environment();
        try (OnnxTensor in = Tensors.floats(env, scaled, 1, latents.channels(), latents.height(), latents.width())) {
            float[] planar = model.vaeDecoder.runForFloats(Map.of(model.vaeDecoder.firstInput(), in), timings);
            return RgbImage.fromPlanar(planar, latents.width() * 8, latents.height() * 8, false);
        } finally {
            timings.add(Stage.VAE_DECODER, System.nanoTime() - start);
        }
    }

    static Latents encode(DiffusionModel model, RgbImage image, StageTimings timings) {
        OnnxModel encoder = model.vaeEncoder.orElseThrow(() -> new UnsupportedOperationException(
                "model '" + model.name + "' has no vae_encoder, so it cannot edit images"));
        long start = System.nanoTime();
        var env = model.runtime.environment();
        try (OnnxTensor in = Tensors.floats(env, image.toPlanarSigned(), 1, 3, image.height(), image.width())) {
            float[] out = encoder.runForFloats(Map.of(encoder.firstInput(), in), timings);
            int h = image.height() / 8;
            int w = image.width() / 8;
            int plane = 4 * h * w;
            if (out.length != plane && out.length != 2 * plane) {
                throw new IllegalStateException(
                        "vae_encoder returned " + out.length + " values for a " + w + "x" + h + " latent");
            }
            float[] latents = new float[plane];
            for (int i = 0; i < plane; i++) {
                latents[i] = out[i] * model.scalingFactor;
            }
            return new Latents(4, h, w, latents);
        } finally {
            timings.add(Stage.VAE_ENCODER, System.nanoTime() - start);
        }
    }
}
