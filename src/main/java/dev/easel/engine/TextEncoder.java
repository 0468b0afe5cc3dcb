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
import java.util.OptionalInt;

/**
 * A CLIP text encoder stage: tokenized prompts → their hidden states (and for SDXL's second
 * encoder its pooled, projected {@code text_embeds}). Exports take {@code input_ids} as int32 or
 * int64; which outputs are read is the family's {@link Readout}, and the output names are
 * resolved at load. Owns its session; thread-safe.
 */
final class TextEncoder implements AutoCloseable {
    static final String INPUT = "input_ids";
    static final String POOLED = "text_embeds";
    private static final String HIDDEN_PREFIX = "hidden_states.";

    /** Which outputs a family conditions on. */
    enum Readout {
        /** SD 1.x/2.x: {@code last_hidden_state}. */
        LAST_HIDDEN,
        /** SDXL's first encoder: the penultimate layer's hidden states ({@code hidden_states.N−1} of optimum's export). */
        PENULTIMATE,
        /** SDXL's second encoder: the penultimate hidden states and the pooled {@code text_embeds}. */
        PENULTIMATE_AND_POOLED
    }

    /** One prompt's outputs: hidden states flat [tokens, hidden]; pooled [width], empty unless read. */
    record Output(float[] hidden, float[] pooled) {}

    private final OnnxModel model;
    private final OrtEnvironment env;
    private final OnnxJavaType idsType;
    private final String hidden;
    private final List<String> outputs;

    private TextEncoder(OnnxModel model, OrtEnvironment env, Readout readout, String component) {
        this.model = model;
        this.env = env;
        this.idsType = model.requireInput(INPUT).type;
        if (idsType != OnnxJavaType.INT32 && idsType != OnnxJavaType.INT64) {
            throw new ModelLoadException(component + " input_ids has unsupported type " + idsType);
        }
        this.hidden = switch (readout) {
            case LAST_HIDDEN -> model.outputPreferring("last_hidden_state");
            case PENULTIMATE, PENULTIMATE_AND_POOLED -> penultimate(model, component);
        };
        model.requireFloat(model.outputInfo(hidden), "output");
        if (readout == Readout.PENULTIMATE_AND_POOLED) {
            if (model.outputInfo(POOLED) == null) {
                throw new ModelLoadException(component + " has no output '" + POOLED + "' (the pooled embedding SDXL's"
                        + " UNet takes); it has " + model.outputNames());
            }
            model.requireFloat(model.outputInfo(POOLED), POOLED);
            this.outputs = List.of(hidden, POOLED);
        } else {
            this.outputs = List.of(hidden);
        }
    }

    static TextEncoder open(OrtRuntime runtime, Path file) {
        return open(runtime, file, Readout.LAST_HIDDEN, "text_encoder");
    }

    static TextEncoder open(OrtRuntime runtime, Path file, Readout readout, String component) {
        return OnnxModel.open(runtime, file, component)
                .into(m -> new TextEncoder(m, runtime.environment(), readout, component));
    }

    /** The element type the export declares for {@code input_ids}: INT32 or INT64. */
    OnnxJavaType idsType() {
        return idsType;
    }

    /** The declared width of the pooled {@code text_embeds}, when read and not symbolic. */
    OptionalInt pooledWidth() {
        if (outputs.size() < 2) {
            return OptionalInt.empty();
        }
        long[] shape = model.outputInfo(POOLED).getShape();
        return shape.length == 2 && shape[1] > 0 ? OptionalInt.of((int) shape[1]) : OptionalInt.empty();
    }

    /** The name of the hidden-state output this encoder reads. */
    String hiddenOutput() {
        return hidden;
    }

    /**
     * Each prompt's outputs, in order, from one batched call; timed as {@link Stage#TEXT_ENCODER}.
     * All prompts have the tokenizer's context length.
     */
    List<Output> encode(List<TokenizedPrompt> prompts, StageTimings timings) {
        long start = System.nanoTime();
        int length = prompts.getFirst().ids().length;
        int[] ids = new int[length * prompts.size()];
        for (int p = 0; p < prompts.size(); p++) {
            System.arraycopy(prompts.get(p).ids(), 0, ids, p * length, length);
        }
        try (OnnxTensor input = ids(ids, prompts.size())) {
            List<float[]> results = model.runForFloats(Map.of(INPUT, input), outputs, timings);
            float[] states = results.getFirst();
            float[] pooled = results.size() > 1 ? results.get(1) : new float[0];
            int each = states.length / prompts.size();
            int eachPooled = pooled.length / prompts.size();
            List<Output> out = new ArrayList<>(prompts.size());
            for (int p = 0; p < prompts.size(); p++) {
                out.add(new Output(
                        Arrays.copyOfRange(states, p * each, (p + 1) * each),
                        Arrays.copyOfRange(pooled, p * eachPooled, (p + 1) * eachPooled)));
            }
            return out;
        } finally {
            timings.add(Stage.TEXT_ENCODER, System.nanoTime() - start);
        }
    }

    /**
     * The penultimate of optimum's {@code hidden_states.0 .. hidden_states.N} outputs (0 is the
     * embeddings, N the last layer), which SDXL conditions on (diffusers' {@code hidden_states[-2]}).
     */
    private static String penultimate(OnnxModel model, String component) {
        OptionalInt last = model.outputNames().stream()
                .filter(n -> n.startsWith(HIDDEN_PREFIX))
                .map(n -> n.substring(HIDDEN_PREFIX.length()))
                .filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit))
                .mapToInt(Integer::parseInt)
                .max();
        if (last.isEmpty() || last.getAsInt() < 1) {
            throw new ModelLoadException(component + " has no hidden_states.N outputs (it has " + model.outputNames()
                    + "): SDXL conditions on the penultimate layer's hidden states; export the model with optimum"
                    + " (`optimum-cli export onnx`), which adds them");
        }
        return HIDDEN_PREFIX + (last.getAsInt() - 1);
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
