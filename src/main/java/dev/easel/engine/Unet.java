package dev.easel.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The UNet stage: one denoising step's noise prediction. Resolved at load: 4 input channels, or 9
 * for an inpainting UNet; the {@code timestep} input's element type and rank, which exporters
 * vary; whether it takes an LCM guidance embedding ({@code timestep_cond}); and whether the latent
 * size is fixed. SDXL UNets are refused. Owns its session; thread-safe.
 */
final class Unet implements AutoCloseable {
    /** Embedding width when the export leaves {@code timestep_cond}'s second dimension symbolic. */
    private static final int DEFAULT_CONDITION_DIM = 256;

    private final OnnxModel model;
    private final OrtEnvironment env;
    private final TensorInfo sample;
    private final TensorInfo timestep;
    private final int channels;
    /** The width of {@code timestep_cond} when the UNet takes one (guidance-distilled LCM). */
    private final Optional<Integer> conditionDim;

    private final String output;

    private Unet(OnnxModel model, OrtEnvironment env) {
        this.model = model;
        this.env = env;
        for (String sdxl : List.of("text_embeds", "time_ids")) {
            if (model.input(sdxl).isPresent()) {
                throw new ModelLoadException("unet takes '" + sdxl + "': SDXL exports are not supported yet");
            }
        }
        this.sample = model.requireInput("sample");
        this.channels = (int) sample.getShape()[1];
        if (channels != 4 && channels != 9) {
            throw new ModelLoadException("unet sample has " + channels + " channels; expected 4, or 9 for inpainting");
        }
        this.timestep = model.requireInput("timestep");
        int rank = timestep.getShape().length;
        if (rank > 1) {
            throw new ModelLoadException("unet timestep has unsupported rank " + rank);
        }
        switch (timestep.type) {
            case FLOAT, DOUBLE, INT64, INT32 -> {}
            default -> throw new ModelLoadException("unet timestep has unsupported type " + timestep.type);
        }
        model.requireInput("encoder_hidden_states");
        model.requireFloat(sample, "sample");
        this.conditionDim = model.input(TimestepCondition.INPUT).map(Unet::conditionDim);
        this.output = model.outputPreferring("out_sample");
        model.requireFloat(model.outputInfo(output), "output");
    }

    static Unet open(OrtRuntime runtime, Path file, UnetPrecision precision) {
        OnnxModel model = switch (precision) {
            case FP32 ->
                runtime.tuning().fuseAttention()
                        ? OnnxModel.openRewritten(runtime, file, "unet", UnetCopies.Variant.FUSED)
                        : OnnxModel.open(runtime, file, "unet");
            case INT8 -> OnnxModel.openRewritten(runtime, file, "unet", UnetCopies.Variant.INT8);
        };
        return model.into(m -> new Unet(m, runtime.environment()));
    }

    /** Whether this is a 9-channel inpainting UNet, which needs {@link InpaintConditioning.MaskAndSource}. */
    boolean inpainting() {
        return channels == 9;
    }

    /** The {@code sample} input as declared (after any float16 → float32 conversion). */
    TensorInfo sampleInfo() {
        return sample;
    }

    /** The {@code timestep} input as declared: float, double, int32 or int64, rank 0 or 1. */
    TensorInfo timestepInfo() {
        return timestep;
    }

    /** The image side in pixels when the export fixes the latent size, else empty. */
    OptionalInt fixedSize() {
        long[] shape = sample.getShape();
        return shape[2] > 0 && shape[3] > 0 ? OptionalInt.of((int) shape[2] * 8) : OptionalInt.empty();
    }

    /**
     * How a run at {@code scale} calls this UNet: with the scale embedded when it takes
     * {@code timestep_cond}, else classifier-free guidance above 1 (its two passes batched, or
     * one after the other when {@code sequential}, on the steps {@code interval} selects), else
     * the conditional pass alone.
     */
    Guidance guidance(double scale, boolean sequential, GuidanceInterval interval) {
        if (conditionDim.isPresent()) {
            return new Guidance.Embedded(TimestepCondition.of(scale, conditionDim.get()));
        }
        return scale > 1
                ? new Guidance.ClassifierFree((float) scale, sequential, interval)
                : new Guidance.Conditional();
    }

    /**
     * The guided noise prediction for {@code step}, flat [4, h, w] like the sample: one session
     * run with the sample repeated for each prompt of the guidance batch, two runs of batch 1 for
     * sequential guidance, one conditional run on a step outside the guidance interval.
     */
    float[] predict(UnetStep step, StageTimings timings) {
        UnetConditioning conditioning = step.conditioning();
        if (conditioning.inpaint().unetChannels() != channels) {
            throw new IllegalStateException("a " + channels + "-channel unet was given "
                    + conditioning.inpaint().getClass().getSimpleName() + " inpainting conditioning");
        }
        Latents latents = step.sample();
        float[] input = conditioning.inpaint().sampleInput(latents.data());
        TextEmbeddings text = conditioning.text();
        return switch (conditioning.guidance()) {
            case Guidance.Conditional _ -> run(input, 1, latents, step.timestep(), text, Optional.empty(), timings);
            case Guidance.Embedded embedded ->
                run(input, 1, latents, step.timestep(), text, Optional.of(embedded.condition()), timings);
            case Guidance.ClassifierFree free
            when !step.guided() -> run(input, 1, latents, step.timestep(), text.prompt(1), Optional.empty(), timings);
            case Guidance.ClassifierFree free
            when free.sequential() ->
                free.combine(
                        run(input, 1, latents, step.timestep(), text.prompt(0), Optional.empty(), timings),
                        run(input, 1, latents, step.timestep(), text.prompt(1), Optional.empty(), timings));
            case Guidance.ClassifierFree free -> {
                float[] batched = new float[input.length * 2];
                System.arraycopy(input, 0, batched, 0, input.length);
                System.arraycopy(input, 0, batched, input.length, input.length);
                float[] out = run(batched, 2, latents, step.timestep(), text, Optional.empty(), timings);
                int size = out.length / 2;
                yield free.combine(Arrays.copyOfRange(out, 0, size), Arrays.copyOfRange(out, size, 2 * size));
            }
        };
    }

    /** One session run of {@code batch} copies of the sample against {@code text}'s prompts. */
    private float[] run(
            float[] sample,
            int batch,
            Latents latents,
            float t,
            TextEmbeddings text,
            Optional<TimestepCondition> condition,
            StageTimings timings) {
        long[] shape = {batch, channels, latents.height(), latents.width()};
        try (OnnxTensor sampleTensor = Tensors.floats(env, sample, shape);
                OnnxTensor timestepTensor = timestep(t, batch);
                OnnxTensor context = Tensors.floats(env, text.values(), text.shape())) {
            Map<String, OnnxTensor> feed = new HashMap<>();
            feed.put("sample", sampleTensor);
            feed.put("timestep", timestepTensor);
            feed.put("encoder_hidden_states", context);
            if (condition.isPresent()) {
                try (OnnxTensor embedded = condition.get().tensor(env, batch)) {
                    feed.put(TimestepCondition.INPUT, embedded);
                    return model.runForFloats(feed, output, timings);
                }
            }
            return model.runForFloats(feed, output, timings);
        }
    }

    private static int conditionDim(TensorInfo info) {
        long[] shape = info.getShape();
        return shape.length == 2 && shape[1] > 0 ? (int) shape[1] : DEFAULT_CONDITION_DIM;
    }

    /**
     * The timestep in the declared form: exporters use a float [batch] (diffusers' script), an
     * int64 or float scalar, or a [1] tensor (optimum). Integer types get the rounded value.
     */
    private OnnxTensor timestep(float t, int batch) {
        long[] declared = timestep.getShape();
        long[] shape = declared.length == 0 ? new long[0] : new long[] {declared[0] == 1 ? 1 : batch};
        int count = shape.length == 0 ? 1 : (int) shape[0];
        try {
            return switch (timestep.type) {
                case FLOAT -> {
                    float[] v = new float[count];
                    Arrays.fill(v, t);
                    yield OnnxTensor.createTensor(env, FloatBuffer.wrap(v), shape);
                }
                case DOUBLE -> {
                    double[] v = new double[count];
                    Arrays.fill(v, t);
                    yield OnnxTensor.createTensor(env, DoubleBuffer.wrap(v), shape);
                }
                case INT64 -> {
                    long[] v = new long[count];
                    Arrays.fill(v, Math.round(t));
                    yield OnnxTensor.createTensor(env, LongBuffer.wrap(v), shape);
                }
                case INT32 -> {
                    int[] v = new int[count];
                    Arrays.fill(v, Math.round(t));
                    yield OnnxTensor.createTensor(env, IntBuffer.wrap(v), shape);
                }
                default ->
                    throw new IllegalStateException("unet timestep type " + timestep.type + " passed the load check");
            };
        } catch (OrtException e) {
            throw new IllegalStateException("cannot create tensor: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
