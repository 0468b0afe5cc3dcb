package dev.easel.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.easel.engine.text.TokenizedPrompt;
import java.util.List;
import java.util.Map;

/**
 * Prompts → the UNet's {@code encoder_hidden_states} [batch, 77, hidden], tokenizing and encoding
 * all prompts of a run in one text-encoder call.
 */
final class TextConditioning {
    private TextConditioning() {}

    /** Hidden states, flat [prompts, tokens, hidden], and how many prompts came from the cache. */
    record Encoded(float[] hidden, int cached) {}

    /**
     * Hidden states for {@code prompts} in order; prompts in the model's embedding cache skip the
     * text encoder, the rest are encoded in one call and cached.
     */
    static Encoded encode(DiffusionModel model, List<String> prompts, StageTimings timings) {
        float[][] parts = new float[prompts.size()][];
        List<String> missing = new java.util.ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            parts[i] = model.caches.embedding(model.name, prompts.get(i)).orElse(null);
            if (parts[i] == null && !missing.contains(prompts.get(i))) {
                missing.add(prompts.get(i));
            }
        }
        if (!missing.isEmpty()) {
            float[] fresh = encodeUncached(model, missing, timings);
            int each = fresh.length / missing.size();
            for (int m = 0; m < missing.size(); m++) {
                float[] one = java.util.Arrays.copyOfRange(fresh, m * each, (m + 1) * each);
                model.caches.putEmbedding(model.name, missing.get(m), one);
                for (int i = 0; i < prompts.size(); i++) {
                    if (parts[i] == null && prompts.get(i).equals(missing.get(m))) {
                        parts[i] = one;
                    }
                }
            }
        }
        float[] out = new float[parts[0].length * parts.length];
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, out, i * parts[0].length, parts[i].length);
        }
        return new Encoded(out, prompts.size() - missing.size());
    }

    private static float[] encodeUncached(DiffusionModel model, List<String> prompts, StageTimings timings) {
        long start = System.nanoTime();
        int length = -1;
        int[] ids = null;
        for (int p = 0; p < prompts.size(); p++) {
            TokenizedPrompt tokens = model.tokenizer.encode(prompts.get(p));
            if (ids == null) {
                length = tokens.ids().length;
                ids = new int[length * prompts.size()];
            }
            System.arraycopy(tokens.ids(), 0, ids, p * length, length);
        }
        timings.add(Stage.TOKENIZE, System.nanoTime() - start);

        start = System.nanoTime();
        var env = model.runtime.environment();
        String outputName = model.textEncoder.outputs().containsKey("last_hidden_state")
                ? "last_hidden_state"
                : model.textEncoder.firstOutput();
        try (OnnxTensor input = Tensors.ids(env, model.textEncoder.requireInput("input_ids"), ids, prompts.size());
                OrtSession.Result result = model.textEncoder.run(Map.of("input_ids", input), timings)) {
            OnnxTensor hidden = (OnnxTensor) result.get(outputName).orElseThrow();
            float[] out = new float[Math.toIntExact(hidden.getInfo().getNumElements())];
            hidden.getFloatBuffer().get(out);
            return out;
        } finally {
            timings.add(Stage.TEXT_ENCODER, System.nanoTime() - start);
        }
    }
}
