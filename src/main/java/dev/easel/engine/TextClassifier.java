package dev.easel.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.easel.engine.text.WordPieceTokenizer;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A text classifier in the Hugging Face ONNX export layout, for moderating prompts beside the
 * policy: a folder with {@code model.onnx} (inputs {@code input_ids}, {@code attention_mask},
 * optionally {@code token_type_ids}, int64 (N, L); output {@code logits} (N, labels)),
 * {@code config.json} ({@code id2label}; {@code problem_type: multi_label_classification} means a
 * sigmoid per label, else a softmax) and a WordPiece {@code tokenizer.json} (BERT-style models,
 * such as toxicity classifiers). A prompt is flagged for each blocked label whose probability
 * reaches the threshold. Thread-safe.
 */
public final class TextClassifier implements AutoCloseable {
    private static final int MAX_TOKENS = 512;

    private final OnnxModel model;
    private final OrtEnvironment env;
    private final WordPieceTokenizer tokenizer;
    private final List<String> labels;
    private final Set<String> blocked;
    private final boolean multiLabel;
    private final double threshold;
    private final boolean tokenTypes;

    private TextClassifier(
            OnnxModel model,
            OrtEnvironment env,
            WordPieceTokenizer tokenizer,
            List<String> labels,
            Set<String> blocked,
            boolean multiLabel,
            double threshold) {
        this.model = model;
        this.env = env;
        this.tokenizer = tokenizer;
        this.labels = labels;
        this.blocked = blocked;
        this.multiLabel = multiLabel;
        this.threshold = threshold;
        model.requireInput("input_ids");
        model.requireInput("attention_mask");
        this.tokenTypes = model.input("token_type_ids").isPresent();
        model.requireFloat(model.outputInfo("logits"), "logits");
    }

    /**
     * Opens the classifier folder.
     *
     * @param blocked the labels that flag a prompt (ignoring case); each must be one of its labels
     * @throws ModelLoadException for a folder that is not such an export, naming what is wrong
     */
    public static TextClassifier open(OrtRuntime runtime, Path folder, Set<String> blocked, double threshold) {
        JsonNode config;
        WordPieceTokenizer tokenizer;
        try {
            config = JsonMapper.shared().readTree(Files.readString(folder.resolve("config.json")));
            tokenizer = WordPieceTokenizer.read(folder.resolve("tokenizer.json"));
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot read the text classifier in " + folder + ": " + e.getMessage(), e);
        }
        List<String> labels = ImageClassifier.labels(config, folder);
        Set<String> lower = ImageClassifier.blocked(labels, blocked, folder);
        boolean multi = config.path("problem_type").asString("").equals("multi_label_classification");
        return OnnxModel.open(runtime, folder.resolve("model.onnx"), "text_classifier")
                .into(m -> new TextClassifier(m, runtime.environment(), tokenizer, labels, lower, multi, threshold));
    }

    /** The blocked labels the text reaches the threshold for (empty: allowed). */
    public List<String> flags(String text) {
        long[] ids = tokenizer.encode(text, MAX_TOKENS);
        long[] mask = new long[ids.length];
        java.util.Arrays.fill(mask, 1L);
        long[] shape = {1, ids.length};
        float[] logits;
        try (OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                OnnxTensor attention = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape)) {
            Map<String, OnnxTensor> feed = new HashMap<>(Map.of("input_ids", input, "attention_mask", attention));
            if (tokenTypes) {
                feed.put("token_type_ids", types);
            }
            logits = model.runForFloats(feed, "logits", new StageTimings());
        } catch (OrtException e) {
            throw new IllegalStateException("text_classifier failed: " + e.getMessage(), e);
        }
        double[] p = multiLabel
                ? ImageClassifier.sigmoid(logits, labels.size())
                : ImageClassifier.softmax(logits, labels.size());
        List<String> hit = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (blocked.contains(labels.get(i).toLowerCase(Locale.ROOT)) && p[i] >= threshold) {
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
