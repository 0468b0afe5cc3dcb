package dev.easel.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.TensorInfo;
import dev.easel.media.RgbImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The IP-Adapter's image encoder, {@code image_encoder/model.onnx}: CLIP vision with its
 * projection (transformers' {@code CLIPVisionModelWithProjection}, as h94/IP-Adapter ships it),
 * input {@code pixel_values} [batch, 3, 224, 224] (CLIP-preprocessed, {@link ClipPixels}, from
 * {@code image_encoder/preprocessor_config.json} or {@code feature_extractor/preprocessor_config.json}
 * when present), output {@code image_embeds} [batch, dim]. Each reference is encoded alone and the
 * embeddings are averaged. Owns its session; thread-safe.
 */
final class ImageEncoder implements AutoCloseable {
    static final String INPUT = "pixel_values";
    static final String OUTPUT = "image_embeds";

    private final OnnxModel model;
    private final OrtEnvironment env;
    private final ClipPixels clip;
    /** The embedding width, 0 when the export leaves it symbolic. */
    private final int dim;

    private ImageEncoder(OnnxModel model, OrtEnvironment env, ClipPixels clip) {
        this.model = model;
        this.env = env;
        this.clip = clip;
        TensorInfo input = model.requireInput(INPUT);
        model.requireFloat(input, INPUT);
        long[] shape = input.getShape();
        if (shape.length != 4 || (shape[1] > 0 && shape[1] != 3)) {
            throw new ModelLoadException("image_encoder pixel_values must be [batch, 3, height, width]");
        }
        if (shape[2] > 0 && shape[2] != clip.size()) {
            throw new ModelLoadException("image_encoder takes " + shape[2] + " pixels a side but its preprocessor"
                    + " crops to " + clip.size());
        }
        TensorInfo output = model.outputInfo(OUTPUT);
        model.requireFloat(output, OUTPUT);
        long[] out = output.getShape();
        if (out.length != 2) {
            throw new ModelLoadException(
                    "image_encoder image_embeds has rank " + out.length + "; expected [batch, dim]");
        }
        this.dim = out[1] > 0 ? (int) out[1] : 0;
    }

    static ImageEncoder open(OrtRuntime runtime, Path file, Path modelFolder) {
        ClipPixels clip = ClipPixels.read(
                modelFolder.resolve("image_encoder/preprocessor_config.json"),
                modelFolder.resolve("feature_extractor/preprocessor_config.json"));
        return OnnxModel.open(runtime, file, "image_encoder")
                .into(m -> new ImageEncoder(m, runtime.environment(), clip));
    }

    /** The declared embedding width, 0 when symbolic. */
    int dim() {
        return dim;
    }

    /** The mean of the references' embeddings, timed as {@link Stage#IMAGE_ENCODER}. */
    float[] embed(List<RgbImage> references, StageTimings timings) {
        long start = System.nanoTime();
        try {
            float[] sum = null;
            for (RgbImage image : references) {
                float[] one;
                try (OnnxTensor in = Tensors.floats(env, clip.planar(image), 1, 3, clip.size(), clip.size())) {
                    one = model.runForFloats(Map.of(INPUT, in), OUTPUT, timings);
                }
                if (sum == null) {
                    sum = new float[one.length];
                }
                for (int k = 0; k < one.length; k++) {
                    sum[k] += one[k];
                }
            }
            for (int k = 0; k < sum.length; k++) {
                sum[k] /= references.size();
            }
            return sum;
        } finally {
            timings.add(Stage.IMAGE_ENCODER, System.nanoTime() - start);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
