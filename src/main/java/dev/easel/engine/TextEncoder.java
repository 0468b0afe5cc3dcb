package dev.easel.engine;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.easel.engine.text.TokenizedPrompt;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The CLIP text encoder stage: tokenized prompts → their hidden states, the UNet's
 * {@code encoder_hidden_states}. Exports take {@code input_ids} as int32 or int64 and name the
 * wanted output {@code last_hidden_state} (beside a pooled output); both are resolved at load.
 * Owns its session; thread-safe.
 */
final class TextEncoder implements AutoCloseable {
    static final String INPUT = "input_ids";

    private final OnnxModel model;
    private final OrtEnvironment env;
    private final OnnxJavaType idsType;
    private final String output;

    private TextEncoder(OnnxModel model, OrtEnvironment env) {
        this.model = model;
        this.env = env;
        this.idsType = model.requireInput(INPUT).type;
        if (idsType != OnnxJavaType.INT32 && idsType != OnnxJavaType.INT64) {
            throw new ModelLoadException("text encoder input_ids has unsupported type " + idsType);
        }
        this.output = model.outputPreferring("last_hidden_state");
        model.requireFloat(model.outputInfo(output), "output");
    }

    static TextEncoder open(OrtRuntime runtime, Path file) {
        return OnnxModel.open(runtime, file, "text_encoder").into(m -> new TextEncoder(m, runtime.environment()));
    }

    /** The element type the export declares for {@code input_ids}: INT32 or INT64. */
    OnnxJavaType idsType() {
        return idsType;
    }

    /**
     * The hidden states of each prompt, flat [tokens, hidden], in order, from one batched call;
     * timed as {@link Stage#TEXT_ENCODER}. All prompts have the tokenizer's context length.
     */
    List<float[]> encode(List<TokenizedPrompt> prompts, StageTimings timings) {
        long start = System.nanoTime();
        int length = prompts.getFirst().ids().length;
        int[] ids = new int[length * prompts.size()];
        for (int p = 0; p < prompts.size(); p++) {
            System.arraycopy(prompts.get(p).ids(), 0, ids, p * length, length);
        }
        try (OnnxTensor input = ids(ids, prompts.size())) {
            float[] hidden = model.runForFloats(Map.of(INPUT, input), output, timings);
            int each = hidden.length / prompts.size();
            List<float[]> out = new ArrayList<>(prompts.size());
            for (int p = 0; p < prompts.size(); p++) {
                out.add(Arrays.copyOfRange(hidden, p * each, (p + 1) * each));
            }
            return out;
        } finally {
            timings.add(Stage.TEXT_ENCODER, System.nanoTime() - start);
        }
    }

    /** Token ids as the declared int32 or int64 tensor of shape [batch, length]. */
    private OnnxTensor ids(int[] ids, int batch) {
        long[] shape = {batch, ids.length / batch};
        try {
            if (idsType == OnnxJavaType.INT32) {
                return OnnxTensor.createTensor(env, IntBuffer.wrap(ids), shape);
            }
            long[] wide = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                wide[i] = ids[i];
            }
            return OnnxTensor.createTensor(env, LongBuffer.wrap(wide), shape);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot create tensor: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
