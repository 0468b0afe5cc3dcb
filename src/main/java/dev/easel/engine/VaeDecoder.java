package dev.easel.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.TensorInfo;
import dev.easel.media.RgbImage;
import java.nio.file.Path;
import java.util.Map;

/**
 * The VAE decoder stage: UNet-space latents → pixels. Divides by the model's scaling factor
 * first (the UNet works on latents multiplied by it) and reads the [-1, 1] output as RGB. Owns its
 * session; thread-safe.
 */
final class VaeDecoder implements AutoCloseable {
    private final OnnxModel model;
    private final OrtEnvironment env;
    private final String input;
    private final String output;
    private final float scalingFactor;
    private final boolean takesAnySize;

    private VaeDecoder(OnnxModel model, OrtEnvironment env, float scalingFactor) {
        this.model = model;
        this.env = env;
        this.scalingFactor = scalingFactor;
        this.input = model.firstInput();
        this.output = model.outputPreferring("sample");
        TensorInfo in = model.requireInput(input);
        model.requireFloat(in, "input");
        long[] shape = in.getShape();
        this.takesAnySize = shape.length == 4 && shape[2] < 0 && shape[3] < 0;
        model.requireFloat(model.outputInfo(output), "output");
    }

    /** The VAE scaling factor UNet latents are divided by before decoding (0.18215 SD 1.x/2.x, 0.13025 SDXL). */
    float scalingFactor() {
        return scalingFactor;
    }

    static VaeDecoder open(OrtRuntime runtime, Path file, float scalingFactor) {
        return OnnxModel.open(runtime, file, "vae_decoder")
                .into(m -> new VaeDecoder(m, runtime.environment(), scalingFactor));
    }

    /**
     * Whether the export leaves the latent height and width free (symbolic), so that a crop of the
     * latents can be decoded; an export with a fixed input size only decodes whole pictures.
     */
    boolean takesAnySize() {
        return takesAnySize;
    }

    /**
     * The picture of {@code region} of {@code latents}, 8× its size, timed as
     * {@link Stage#VAE_DECODER} and recorded as the run's {@link StageTimings#decodedRegion()}.
     * Any region needs {@link #takesAnySize()}; the whole grid always works.
     */
    RgbImage decode(Latents latents, LatentRegion region, StageTimings timings) {
        RgbImage out = decode(latents.crop(region), timings);
        timings.decoded(region);
        return out;
    }

    /** The picture of {@code latents}, 8× their size, timed as {@link Stage#VAE_DECODER}. */
    RgbImage decode(Latents latents, StageTimings timings) {
        long start = System.nanoTime();
        float[] scaled = new float[latents.data().length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = latents.data()[i] / scalingFactor;
        }
        try (OnnxTensor in = Tensors.floats(env, scaled, 1, latents.channels(), latents.height(), latents.width())) {
            float[] planar = model.runForFloats(Map.of(input, in), output, timings);
            return RgbImage.fromPlanar(planar, latents.width() * 8, latents.height() * 8, false);
        } finally {
            timings.add(Stage.VAE_DECODER, System.nanoTime() - start);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
