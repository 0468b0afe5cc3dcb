package dev.easel.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Prompts → the UNet's text conditioning ({@code encoder_hidden_states}, and for SDXL the pooled
 * {@code text_embeds}): cached prompts skip the text encoders, the rest are encoded in one call
 * per encoder and cached. An empty negative prompt of a family that zeroes it (SDXL) is zeros and
 * runs no encoder.
 */
final class TextConditioning {
    private TextConditioning() {}

    /** The embeddings of a run's prompts, and how many prompts came from the cache. */
    record Encoded(TextEmbeddings embeddings, int cached) {}

    /** Conditioning for {@code prompts}, in order, none of them a negative prompt. */
    static Encoded encode(DiffusionModel model, List<String> prompts, StageTimings timings) {
        return encode(model, prompts, 0, timings);
    }

    /**
     * Conditioning for {@code prompts}, in order, of which the first {@code negatives} are negative
     * prompts (classifier-free guidance's unconditional pass).
     */
    static Encoded encode(DiffusionModel model, List<String> prompts, int negatives, StageTimings timings) {
        PromptEncoder text = model.text;
        float[][] parts = new float[prompts.size()][];
        boolean[] zero = new boolean[prompts.size()];
        List<String> missing = new ArrayList<>();
        int zeroed = 0;
        for (int i = 0; i < prompts.size(); i++) {
            String prompt = prompts.get(i);
            zero[i] = i < negatives && prompt.isEmpty() && text.zeroesEmptyNegative();
            if (zero[i]) {
                zeroed++;
                continue;
            }
            parts[i] = model.caches.embedding(model.name, prompt).orElse(null);
            if (parts[i] == null && !missing.contains(prompt)) {
                missing.add(prompt);
            }
        }
        if (!missing.isEmpty()) {
            List<float[]> fresh = text.encode(missing, timings);
            for (int m = 0; m < missing.size(); m++) {
                float[] one = fresh.get(m);
                model.caches.putEmbedding(model.name, missing.get(m), one);
                for (int i = 0; i < prompts.size(); i++) {
                    if (parts[i] == null && !zero[i] && prompts.get(i).equals(missing.get(m))) {
                        parts[i] = one;
                    }
                }
            }
        }
        int size = sizeOfAny(parts);
        for (int i = 0; i < parts.length; i++) {
            if (zero[i]) {
                parts[i] = new float[size];
            }
        }
        // A prompt repeated in one run is encoded once: its repeats count as cached. Zeroed prompts count as neither.
        return new Encoded(join(parts, text.pooledWidth()), prompts.size() - zeroed - missing.size());
    }

    /** The length of a flat prompt: every run has at least one prompt that is not zeroed. */
    private static int sizeOfAny(float[][] parts) {
        for (float[] part : parts) {
            if (part != null) {
                return part.length;
            }
        }
        throw new IllegalStateException("no prompt was encoded");
    }

    /** Splits each flat prompt into hidden states and pooled part and stacks both along the batch. */
    private static TextEmbeddings join(float[][] parts, int pooledWidth) {
        int hidden = parts[0].length - pooledWidth;
        float[] values = new float[hidden * parts.length];
        float[] pooled = new float[pooledWidth * parts.length];
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, values, i * hidden, hidden);
            System.arraycopy(parts[i], hidden, pooled, i * pooledWidth, pooledWidth);
        }
        return new TextEmbeddings(parts.length, values, pooled);
    }
}
