package dev.easel.engine;

import dev.easel.engine.text.TokenizedPrompt;
import java.util.ArrayList;
import java.util.List;

/**
 * Prompts → the UNet's {@code encoder_hidden_states}: cached prompts skip the text encoder, the
 * rest are tokenized and encoded in one call and cached.
 */
final class TextConditioning {
    private TextConditioning() {}

    /** The embeddings of a run's prompts, and how many prompts came from the cache. */
    record Encoded(TextEmbeddings embeddings, int cached) {}

    /** Hidden states for {@code prompts}, in order. */
    static Encoded encode(DiffusionModel model, List<String> prompts, StageTimings timings) {
        float[][] parts = new float[prompts.size()][];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            parts[i] = model.caches.embedding(model.name, prompts.get(i)).orElse(null);
            if (parts[i] == null && !missing.contains(prompts.get(i))) {
                missing.add(prompts.get(i));
            }
        }
        if (!missing.isEmpty()) {
            List<float[]> fresh = model.textEncoder.encode(tokenize(model, missing, timings), timings);
            for (int m = 0; m < missing.size(); m++) {
                float[] one = fresh.get(m);
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
        return new Encoded(new TextEmbeddings(prompts.size(), out), prompts.size() - missing.size());
    }

    private static List<TokenizedPrompt> tokenize(DiffusionModel model, List<String> prompts, StageTimings timings) {
        long start = System.nanoTime();
        List<TokenizedPrompt> tokens =
                prompts.stream().map(model.tokenizer::encode).toList();
        timings.add(Stage.TOKENIZE, System.nanoTime() - start);
        return tokens;
    }
}
