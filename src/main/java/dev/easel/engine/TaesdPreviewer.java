package dev.easel.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import dev.easel.media.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Previews with a TAESD decoder (a fraction of a full VAE decode). It takes the UNet's latents
 * unscaled; the original release outputs [0, 1], diffusers' AutoencoderTiny exports [-1, 1], told
 * apart by the folder's {@code config.json}. Owns its session; thread-safe.
 */
final class TaesdPreviewer implements Previewer {
    private final OnnxModel model;
    private final OrtEnvironment env;
    private final String input;
    private final String output;
    private final boolean unitRange;

    private TaesdPreviewer(OnnxModel model, OrtEnvironment env, boolean unitRange) {
        this.model = model;
        this.env = env;
        this.unitRange = unitRange;
        this.input = model.firstInput();
        this.output = model.outputPreferring("sample");
        model.requireFloat(model.requireInput(input), "input");
        model.requireFloat(model.outputInfo(output), "output");
    }

    static TaesdPreviewer open(OrtRuntime runtime, Path file) {
        boolean unitRange = isOriginal(file.getParent());
        return OnnxModel.open(runtime, file, "taesd_decoder")
                .into(m -> new TaesdPreviewer(m, runtime.environment(), unitRange));
    }

    @Override
    public RgbImage preview(Latents x0, StageTimings timings) {
        return decode(x0, timings, Stage.PREVIEW);
    }

    /** A run's final picture from TAESD instead of the VAE (the fast decoder option). */
    RgbImage decode(Latents latents, StageTimings timings) {
        return decode(latents, timings, Stage.VAE_DECODER);
    }

    private RgbImage decode(Latents x0, StageTimings timings, Stage stage) {
        long start = System.nanoTime();
        try (OnnxTensor in = Tensors.floats(env, x0.data(), 1, 4, x0.height(), x0.width())) {
            float[] planar = model.runForFloats(Map.of(input, in), output, timings);
            return RgbImage.fromPlanar(planar, x0.width() * 8, x0.height() * 8, unitRange);
        } finally {
            timings.add(stage, System.nanoTime() - start);
        }
    }

    @Override
    public String kind() {
        return "taesd";
    }

    @Override
    public void close() {
        model.close();
    }

    /** diffusers' AutoencoderTiny config marks the [-1, 1] convention; a bare TAESD file is the original [0, 1]. */
    private static boolean isOriginal(Path folder) {
        Path config = folder.resolve("config.json");
        if (!Files.exists(config)) {
            return true;
        }
        try {
            return !"AutoencoderTiny"
                    .equals(JsonMapper.shared()
                            .readTree(Files.readString(config))
                            .path("_class_name")
                            .asString());
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot read " + config + ": " + e.getMessage(), e);
        }
    }
}
