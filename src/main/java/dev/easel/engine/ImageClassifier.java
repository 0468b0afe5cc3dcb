package dev.easel.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import dev.easel.media.Resampling;
import dev.easel.media.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An image classifier in the Hugging Face ONNX export layout, for moderating pictures beside (or
 * instead of) a model's safety checker: a folder with {@code model.onnx} (input
 * {@code pixel_values} (N, 3, S, S), output {@code logits} (N, labels)), {@code config.json}
 * ({@code id2label}) and {@code preprocessor_config.json} ({@code size}, {@code image_mean},
 * {@code image_std}), as a ViT NSFW detector's export has. A picture is flagged when the
 * softmax of a blocked label reaches the threshold. Thread-safe.
 */
public final class ImageClassifier implements AutoCloseable {
    private final OnnxModel model;
    private final OrtEnvironment env;
    private final List<String> labels;
    private final Set<String> blocked;
    private final double threshold;
    private final int size;
    private final float[] mean;
    private final float[] std;

    private ImageClassifier(
            OnnxModel model,
            OrtEnvironment env,
            List<String> labels,
            Set<String> blocked,
            double threshold,
            int size,
            float[] mean,
            float[] std) {
        this.model = model;
        this.env = env;
        this.labels = labels;
        this.blocked = blocked;
        this.threshold = threshold;
        this.size = size;
        this.mean = mean;
        this.std = std;
        model.requireFloat(model.requireInput("pixel_values"), "pixel_values");
        model.requireFloat(model.outputInfo("logits"), "logits");
    }

    /**
     * Opens the classifier folder.
     *
     * @param blocked the labels that block a picture (compared ignoring case); each must be one of
     *     the model's labels
     * @throws ModelLoadException for a folder that is not such an export, naming what is wrong
     */
    public static ImageClassifier open(OrtRuntime runtime, Path folder, Set<String> blocked, double threshold) {
        JsonNode config = read(folder.resolve("config.json"));
        JsonNode prep = Files.exists(folder.resolve("preprocessor_config.json"))
                ? read(folder.resolve("preprocessor_config.json"))
                : JsonMapper.shared().createObjectNode();
        List<String> labels = labels(config, folder);
        Set<String> lower = blocked(labels, blocked, folder);
        JsonNode sizeNode = prep.path("size");
        int size = sizeNode.isInt() ? sizeNode.asInt() : sizeNode.path("height").asInt(224);
        float[] mean = triple(prep.path("image_mean"), 0.5f);
        float[] std = triple(prep.path("image_std"), 0.5f);
        return OnnxModel.open(runtime, folder.resolve("model.onnx"), "image_classifier")
                .into(m -> new ImageClassifier(m, runtime.environment(), labels, lower, threshold, size, mean, std));
    }

    /** The labels of a Hugging Face classifier's {@code config.json}, in id order, lower case. */
    static List<String> labels(JsonNode config, Path folder) {
        JsonNode id2label = config.path("id2label");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < id2label.size(); i++) {
            labels.add(id2label.path(Integer.toString(i)).asString("").toLowerCase(Locale.ROOT));
        }
        if (labels.isEmpty() || labels.contains("")) {
            throw new ModelLoadException(folder.resolve("config.json") + " has no id2label for labels 0..n-1");
        }
        return List.copyOf(labels);
    }

    /** The blocked labels, lower case; each must be one of the classifier's. */
    static Set<String> blocked(List<String> labels, Set<String> blocked, Path folder) {
        Set<String> lower = new java.util.HashSet<>();
        for (String label : blocked) {
            String l = label.toLowerCase(Locale.ROOT);
            if (!labels.contains(l)) {
                throw new ModelLoadException(
                        "the classifier in " + folder + " has no label '" + label + "' (its labels: " + labels + ")");
            }
            lower.add(l);
        }
        return Set.copyOf(lower);
    }

    static double[] softmax(float[] logits, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }

    static double[] sigmoid(float[] logits, int n) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = 1 / (1 + Math.exp(-logits[i]));
        }
        return p;
    }

    private static JsonNode read(Path file) {
        try {
            return JsonMapper.shared().readTree(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static float[] triple(JsonNode node, float otherwise) {
        if (!node.isArray() || node.size() != 3) {
            return new float[] {otherwise, otherwise, otherwise};
        }
        return new float[] {
            (float) node.get(0).asDouble(),
            (float) node.get(1).asDouble(),
            (float) node.get(2).asDouble()
        };
    }

    /** The blocked labels the picture reaches the threshold for (empty: allowed). */
    public List<String> flags(RgbImage image) {
        RgbImage resized = Resampling.resize(image, size, size);
        float[] in = new float[3 * size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    in[c * size * size + y * size + x] = (resized.at(x, y, c) / 255f - mean[c]) / std[c];
                }
            }
        }
        float[] logits;
        try (OnnxTensor tensor = Tensors.floats(env, in, 1, 3, size, size)) {
            logits = model.runForFloats(Map.of("pixel_values", tensor), "logits", new StageTimings());
        }
        double[] p = softmax(logits, labels.size());
        List<String> hit = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (blocked.contains(labels.get(i)) && p[i] >= threshold) {
                hit.add(labels.get(i));
            }
        }
        return hit;
    }

    @Override
    public void close() {
        model.close();
    }
}
