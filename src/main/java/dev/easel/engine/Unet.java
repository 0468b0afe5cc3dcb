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
import java.util.ArrayList;
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
 * size is fixed; and whether it takes SDXL's added conditioning ({@code text_embeds},
 * {@code time_ids}). Owns its session; thread-safe.
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
    /** SDXL's {@code text_embeds} and {@code time_ids}, when the UNet takes them. */
    private final Optional<AddedConditioning> added;
    /** The IP-Adapter's {@code image_embeds} (and {@code ipadapter_scale}), when the UNet takes them. */
    private final Optional<IpAdapterInputs> adapter;

    private Unet(OnnxModel model, OrtEnvironment env) {
        this.model = model;
        this.env = env;
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
        this.added = AddedConditioning.resolve(model);
        this.adapter = IpAdapterInputs.resolve(model);
    }

    /** The IP-Adapter inputs, when this UNet was exported with the adapter. */
    Optional<IpAdapterInputs> adapter() {
        return adapter;
    }

    /** Whether this UNet takes the guidance scale embedded as {@code timestep_cond} (guidance-distilled LCM). */
    boolean embedsGuidance() {
        return conditionDim.isPresent();
    }

    /** SDXL's added conditioning inputs, when this UNet takes them (empty for SD 1.x/2.x). */
    Optional<AddedConditioning> added() {
        return added;
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
        return predict(List.of(step), timings).getFirst();
    }

    /**
     * The guided noise predictions for {@code steps}, in order: the same step of runs in lockstep
     * (one timestep, one latent size, one kind of guidance, all guided or none). Each step adds
     * its entries to one session run, in order: for a guided classifier-free step the
     * unconditional then the conditional copy of its sample, as diffusers orders them, else one
     * copy; sequential guidance runs every unconditional entry first and then every conditional
     * one, as two runs. Each run's prediction is combined with its own guidance scale. A list of
     * one is a single run's step, exactly as it always ran.
     */
    List<float[]> predict(List<UnetStep> steps, StageTimings timings) {
        UnetStep first = steps.getFirst();
        List<Entry> entries = new ArrayList<>();
        for (int s = 0; s < steps.size(); s++) {
            UnetStep step = steps.get(s);
            if (step.timestep() != first.timestep()
                    || step.guided() != first.guided()
                    || step.sample().height() != first.sample().height()
                    || step.sample().width() != first.sample().width()
                    || step.conditioning().guidance().getClass()
                            != first.conditioning().guidance().getClass()) {
                throw new IllegalArgumentException("steps batched into one unet call must share the timestep, the"
                        + " latent size and the kind of guidance");
            }
            UnetConditioning conditioning = step.conditioning();
            if (conditioning.inpaint().unetChannels() != channels) {
                throw new IllegalStateException("a " + channels + "-channel unet was given "
                        + conditioning.inpaint().getClass().getSimpleName() + " inpainting conditioning");
            }
            float[] input = conditioning.inpaint().sampleInput(step.sample().data());
            TextEmbeddings text = conditioning.text();
            Optional<ImageEmbeds> image = conditioning.image();
            switch (conditioning.guidance()) {
                case Guidance.Conditional _ -> entries.add(new Entry(s, 0, input, text, Optional.empty(), image));
                case Guidance.Embedded embedded ->
                    entries.add(new Entry(s, 0, input, text, Optional.of(embedded.condition()), image));
                case Guidance.ClassifierFree _
                when !step.guided() -> entries.add(new Entry(s, 0, input, text.prompt(1), Optional.empty(), image));
                case Guidance.ClassifierFree _ -> {
                    // diffusers: the unconditional pass's image embedding is zeros (basic IP-Adapter).
                    entries.add(new Entry(
                            s, 0, input, text.prompt(0), Optional.empty(), image.map(ImageEmbeds::unconditional)));
                    entries.add(new Entry(s, 1, input, text.prompt(1), Optional.empty(), image));
                }
            }
        }
        boolean sequential = first.guided()
                && first.conditioning().guidance() instanceof Guidance.ClassifierFree free
                && free.sequential();
        List<List<Entry>> calls = sequential
                ? List.of(
                        entries.stream().filter(e -> e.pass() == 0).toList(),
                        entries.stream().filter(e -> e.pass() == 1).toList())
                : List.of(entries);
        float[][][] outputs = new float[steps.size()][2][];
        for (List<Entry> call : calls) {
            float[] out = run(call, first.sample(), first.timestep(), timings);
            int size = out.length / call.size();
            for (int k = 0; k < call.size(); k++) {
                Entry e = call.get(k);
                outputs[e.step()][e.pass()] = Arrays.copyOfRange(out, k * size, (k + 1) * size);
            }
        }
        List<float[]> eps = new ArrayList<>(steps.size());
        for (int s = 0; s < steps.size(); s++) {
            UnetStep step = steps.get(s);
            eps.add(
                    step.guided() && step.conditioning().guidance() instanceof Guidance.ClassifierFree free
                            ? free.combine(outputs[s][0], outputs[s][1])
                            : outputs[s][0]);
        }
        return eps;
    }

    /**
     * One batch entry of a session run: step {@code step}'s sample input against one prompt
     * (pass 0 unconditional or alone, 1 conditional), for LCM its guidance embedding, and for an
     * IP-Adapter UNet its image embedding (empty: none, zeros at strength 0).
     */
    private record Entry(
            int step,
            int pass,
            float[] input,
            TextEmbeddings text,
            Optional<TimestepCondition> condition,
            Optional<ImageEmbeds> image) {}

    /** One session run of {@code entries}, stacked in order along the batch dimension. */
    private float[] run(List<Entry> entries, Latents latents, float t, StageTimings timings) {
        int batch = entries.size();
        float[] sample = concat(entries.stream().map(Entry::input).toList());
        float[] context = concat(entries.stream().map(e -> e.text().values()).toList());
        TextEmbeddings text = new TextEmbeddings(batch, context);
        long[] shape = {batch, channels, latents.height(), latents.width()};
        List<OnnxTensor> owned = new ArrayList<>();
        try {
            Map<String, OnnxTensor> feed = new HashMap<>();
            feed.put("sample", own(owned, Tensors.floats(env, sample, shape)));
            feed.put("timestep", own(owned, timestep(t, batch)));
            feed.put("encoder_hidden_states", own(owned, Tensors.floats(env, text.values(), text.shape())));
            if (entries.getFirst().condition().isPresent()) {
                List<float[]> embeddings = entries.stream()
                        .map(e -> e.condition().orElseThrow().embedding())
                        .toList();
                int dim = embeddings.getFirst().length;
                feed.put(TimestepCondition.INPUT, own(owned, Tensors.floats(env, concat(embeddings), batch, dim)));
            }
            if (added.isPresent()) {
                addConditioning(feed, owned, entries, latents);
            }
            if (adapter.isPresent()) {
                addImageEmbeds(feed, owned, entries);
            }
            return model.runForFloats(feed, output, timings);
        } finally {
            for (OnnxTensor tensor : owned) {
                tensor.close();
            }
        }
    }

    /** SDXL: each entry's pooled embedding as {@code text_embeds}, the picture's size as {@code time_ids}. */
    private void addConditioning(
            Map<String, OnnxTensor> feed, List<OnnxTensor> owned, List<Entry> entries, Latents latents) {
        int width = added.orElseThrow().pooledWidth();
        int batch = entries.size();
        float[] pooled = concat(entries.stream().map(e -> e.text().pooled()).toList());
        if (pooled.length != batch * width) {
            throw new IllegalStateException("an SDXL unet taking " + width + " text_embeds values was given "
                    + pooled.length / batch + " per prompt");
        }
        float[] one = AddedConditioning.timeIds(latents.height() * 8, latents.width() * 8);
        float[] ids = new float[batch * one.length];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(one, 0, ids, b * one.length, one.length);
        }
        feed.put(AddedConditioning.TEXT_EMBEDS, own(owned, Tensors.floats(env, pooled, batch, width)));
        feed.put(AddedConditioning.TIME_IDS, own(owned, Tensors.floats(env, ids, batch, one.length)));
    }

    /**
     * IP-Adapter: each entry's image embedding as {@code image_embeds} and the call's strength as
     * {@code ipadapter_scale} (a run without references brings zeros at 0, which turns the adapter
     * off; an entry without any embedding gets the same). Runs with references run alone
     * ({@link BatchKey}), so the entries of one call never ask for two strengths.
     */
    private void addImageEmbeds(Map<String, OnnxTensor> feed, List<OnnxTensor> owned, List<Entry> entries) {
        IpAdapterInputs inputs = adapter.orElseThrow();
        int width = entries.stream()
                .flatMap(e -> e.image().stream())
                .findFirst()
                .map(i -> i.values().length)
                .orElse(inputs.dim() > 0 ? inputs.dim() : 1);
        float scale = entries.stream()
                .flatMap(e -> e.image().stream())
                .findFirst()
                .map(ImageEmbeds::scale)
                .orElse(0f);
        List<float[]> values = new ArrayList<>();
        for (Entry e : entries) {
            float[] v = e.image().map(ImageEmbeds::values).orElseGet(() -> new float[width]);
            if (v.length != width || e.image().map(ImageEmbeds::scale).orElse(scale) != scale) {
                throw new IllegalStateException("the entries of one unet call must share the image embedding's"
                        + " width and the adapter's strength");
            }
            values.add(v);
        }
        feed.put(
                IpAdapterInputs.IMAGE_EMBEDS,
                own(owned, Tensors.floats(env, concat(values), inputs.embedsShape(entries.size(), width))));
        if (inputs.scale().isPresent()) {
            feed.put(
                    IpAdapterInputs.SCALE,
                    own(owned, Tensors.floats(env, inputs.scaleValues(scale), inputs.scaleShape())));
        }
    }

    private static OnnxTensor own(List<OnnxTensor> owned, OnnxTensor tensor) {
        owned.add(tensor);
        return tensor;
    }

    private static float[] concat(List<float[]> parts) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        float[] out = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** The batch size the export fixes for {@code sample}, or empty when it is symbolic (any batch). */
    OptionalInt fixedBatch() {
        long declared = sample.getShape()[0];
        return declared > 0 ? OptionalInt.of((int) declared) : OptionalInt.empty();
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
