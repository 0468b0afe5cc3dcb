package dev.easel.engine;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.TensorInfo;
import dev.easel.media.RgbImage;
import java.nio.file.Path;
import java.util.Map;

/**
 * Stable Diffusion's safety checker as the standard ONNX exports ship it ({@code safety_checker/}
 * beside the pipeline, its preprocessing in {@code feature_extractor/preprocessor_config.json}):
 * inputs {@code clip_input} (N, 3, 224, 224), the picture as CLIP sees it, and {@code images}
 * (N, H, W, 3) in [0, 1]; output {@code has_nsfw_concepts} (N booleans). Run one image at a time,
 * as diffusers' ONNX pipeline does. CLIP's preprocessing as the feature extractor says: shortest
 * side to 224, centre crop, scale to [0, 1], normalise by CLIP's mean and deviation. Thread-safe.
 */
public final class SafetyChecker implements AutoCloseable {
    private final OnnxModel model;
    private final OrtEnvironment env;
    private final ClipPixels clip;

    private SafetyChecker(OnnxModel model, OrtEnvironment env, ClipPixels clip) {
        this.model = model;
        this.env = env;
        this.clip = clip;
        model.requireFloat(model.requireInput("clip_input"), "clip_input");
        model.requireFloat(model.requireInput("images"), "images");
        TensorInfo verdict = model.outputInfo("has_nsfw_concepts");
        if (verdict.type != OnnxJavaType.BOOL) {
            throw new ModelLoadException("safety_checker's has_nsfw_concepts is " + verdict.type + ", not bool");
        }
    }

    /** Opens {@code folder/safety_checker/model.onnx} with the folder's feature extractor settings. */
    static SafetyChecker open(OrtRuntime runtime, Path modelFile, Path modelFolder) {
        ClipPixels clip = ClipPixels.read(modelFolder.resolve("feature_extractor/preprocessor_config.json"));
        return OnnxModel.open(runtime, modelFile, "safety_checker")
                .into(onnx -> new SafetyChecker(onnx, runtime.environment(), clip));
    }

    /** Whether the checker finds the picture unsafe. */
    public boolean flags(RgbImage image) {
        StageTimings timings = new StageTimings();
        try (OnnxTensor clipTensor = Tensors.floats(env, clipInput(image), 1, 3, clip.size(), clip.size());
                OnnxTensor pixels = Tensors.floats(env, unitHwc(image), 1, image.height(), image.width(), 3)) {
            boolean[] verdicts = model.runForBooleans(
                    Map.of("clip_input", clipTensor, "images", pixels), "has_nsfw_concepts", timings);
            return verdicts.length > 0 && verdicts[0];
        }
    }

    /** CLIP's view: shortest side to the crop size, centre crop, normalised, planar. */
    float[] clipInput(RgbImage image) {
        return clip.planar(image);
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
