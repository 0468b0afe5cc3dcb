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

    /** Hidden states for {@code prompts} in order, flat [prompts.size(), tokens, hidden]. */
    static float[] encode(DiffusionModel model, List<String> prompts, StageTimings timings) {
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
