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

    static Unet open(OrtRuntime runtime, Path file) {
        return OnnxModel.open(runtime, file, "unet").into(m -> new Unet(m, runtime.environment()));
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
     * {@code timestep_cond}, else batched classifier-free guidance above 1, else the conditional
     * pass alone.
     */
    Guidance guidance(double scale) {
        if (conditionDim.isPresent()) {
            return new Guidance.Embedded(TimestepCondition.of(scale, conditionDim.get()));
        }
        return scale > 1 ? new Guidance.ClassifierFree((float) scale) : new Guidance.Conditional();
    }

    /**
     * The guided noise prediction for {@code step}, flat [4, h, w] like the sample. One session
     * run: the sample is repeated for each prompt of the guidance batch.
     */
    float[] predict(UnetStep step, StageTimings timings) {
        UnetConditioning conditioning = step.conditioning();
        if (conditioning.inpaint().unetChannels() != channels) {
            throw new IllegalStateException("a " + channels + "-channel unet was given "
                    + conditioning.inpaint().getClass().getSimpleName() + " inpainting conditioning");
        }
        Guidance guidance = conditioning.guidance();
        int batch = guidance.batch();
        Latents latents = step.sample();
        float[] input = conditioning.inpaint().sampleInput(latents.data());
        float[] batched = input;
        if (batch > 1) {
            batched = new float[input.length * batch];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(input, 0, batched, b * input.length, input.length);
            }
        }
        long[] shape = {batch, channels, latents.height(), latents.width()};
        try (OnnxTensor sampleTensor = Tensors.floats(env, batched, shape);
                OnnxTensor timestepTensor = timestep(step.timestep(), batch);
                OnnxTensor context = Tensors.floats(
                        env, conditioning.text().values(), conditioning.text().shape())) {
            Map<String, OnnxTensor> feed = new HashMap<>();
            feed.put("sample", sampleTensor);
            feed.put("timestep", timestepTensor);
            feed.put("encoder_hidden_states", context);
            float[] out = switch (guidance) {
                case Guidance.Embedded embedded -> {
                    try (OnnxTensor condition = embedded.condition().tensor(env, batch)) {
                        feed.put(TimestepCondition.INPUT, condition);
                        yield model.runForFloats(feed, output, timings);
                    }
                }
                case Guidance.Conditional _, Guidance.ClassifierFree _ -> model.runForFloats(feed, output, timings);
            };
            return guidance.combine(out);
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
