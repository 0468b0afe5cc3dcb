package dev.easel.engine;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.TensorInfo;
import dev.easel.media.Resampling;
import dev.easel.media.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stable Diffusion's safety checker as the standard ONNX exports ship it ({@code safety_checker/}
 * beside the pipeline, its preprocessing in {@code feature_extractor/preprocessor_config.json}):
 * inputs {@code clip_input} (N, 3, 224, 224), the picture as CLIP sees it, and {@code images}
 * (N, H, W, 3) in [0, 1]; output {@code has_nsfw_concepts} (N booleans). Run one image at a time,
 * as diffusers' ONNX pipeline does. CLIP's preprocessing as the feature extractor says: shortest
 * side to 224, centre crop, scale to [0, 1], normalise by CLIP's mean and deviation. Thread-safe.
 */
public final class SafetyChecker implements AutoCloseable {
    private static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    private final OnnxModel model;
    private final OrtEnvironment env;
    private final int size;
    private final float[] mean;
    private final float[] std;

    private SafetyChecker(OnnxModel model, OrtEnvironment env, int size, float[] mean, float[] std) {
        this.model = model;
        this.env = env;
        this.size = size;
        this.mean = mean;
        this.std = std;
        model.requireFloat(model.requireInput("clip_input"), "clip_input");
        model.requireFloat(model.requireInput("images"), "images");
        TensorInfo verdict = model.outputInfo("has_nsfw_concepts");
        if (verdict.type != OnnxJavaType.BOOL) {
            throw new ModelLoadException("safety_checker's has_nsfw_concepts is " + verdict.type + ", not bool");
        }
    }

    /** Opens {@code folder/safety_checker/model.onnx} with the folder's feature extractor settings. */
    static SafetyChecker open(OrtRuntime runtime, Path modelFile, Path modelFolder) {
        Path config = modelFolder.resolve("feature_extractor/preprocessor_config.json");
        int size = 224;
        float[] mean = CLIP_MEAN;
        float[] std = CLIP_STD;
        if (Files.exists(config)) {
            try {
                JsonNode c = JsonMapper.shared().readTree(Files.readString(config));
                JsonNode crop = c.path("crop_size");
                size = crop.isInt() ? crop.asInt() : crop.path("height").asInt(224);
                mean = floats(c.path("image_mean"), CLIP_MEAN);
                std = floats(c.path("image_std"), CLIP_STD);
            } catch (IOException | RuntimeException e) {
                throw new ModelLoadException("cannot read " + config + ": " + e.getMessage(), e);
            }
        }
        int side = size;
        float[] m = mean;
        float[] s = std;
        return OnnxModel.open(runtime, modelFile, "safety_checker")
                .into(onnx -> new SafetyChecker(onnx, runtime.environment(), side, m, s));
    }

    private static float[] floats(JsonNode node, float[] otherwise) {
        if (!node.isArray() || node.size() != 3) {
            return otherwise;
        }
        return new float[] {
            (float) node.get(0).asDouble(),
            (float) node.get(1).asDouble(),
            (float) node.get(2).asDouble()
        };
    }

    /** Whether the checker finds the picture unsafe. */
    public boolean flags(RgbImage image) {
        StageTimings timings = new StageTimings();
        try (OnnxTensor clip = Tensors.floats(env, clipInput(image), 1, 3, size, size);
                OnnxTensor pixels = Tensors.floats(env, unitHwc(image), 1, image.height(), image.width(), 3)) {
            boolean[] verdicts =
                    model.runForBooleans(Map.of("clip_input", clip, "images", pixels), "has_nsfw_concepts", timings);
            return verdicts.length > 0 && verdicts[0];
        }
    }

    /** CLIP's view: shortest side to {@code size}, centre crop, normalised, planar. */
    float[] clipInput(RgbImage image) {
        double scale = (double) size / Math.min(image.width(), image.height());
        int w = Math.max(size, (int) Math.round(image.width() * scale));
        int h = Math.max(size, (int) Math.round(image.height() * scale));
        RgbImage resized = Resampling.resize(image, w, h);
        int left = (w - size) / 2;
        int top = (h - size) / 2;
        float[] out = new float[3 * size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    float v = resized.at(left + x, top + y, c) / 255f;
                    out[c * size * size + y * size + x] = (v - mean[c]) / std[c];
                }
            }
        }
        return out;
    }

    private static float[] unitHwc(RgbImage image) {
        byte[] rgb = image.rgb();
        float[] out = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = (rgb[i] & 0xff) / 255f;
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
