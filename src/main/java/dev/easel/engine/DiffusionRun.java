package dev.easel.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import dev.easel.engine.sched.Schedule;
import dev.easel.engine.sched.Scheduler;
import dev.easel.engine.sched.SchedulerKind;
import dev.easel.engine.sched.StepOutput;
import dev.easel.media.RgbImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One job through the pipeline: text conditioning, the denoising loop (classifier-free guidance
 * batched into one UNet call), previews from each due step's predicted clean latents, the VAE
 * decode, and for edits the img2img start and the three inpainting layers. Used once, by one
 * thread.
 */
final class DiffusionRun {
    private final DiffusionModel model;
    private final ImageJob job;
    private final GenerationListener listener;
    private final CancelToken cancel;
    private final StageTimings timings = new StageTimings();
    private final OrtEnvironment env;

    DiffusionRun(DiffusionModel model, ImageJob job, GenerationListener listener, CancelToken cancel) {
        this.model = model;
        this.job = job;
        this.listener = listener;
        this.cancel = cancel;
        this.env = model.runtime.environment();
    }

    GeneratedImage run() {
        long begin = System.nanoTime();
        checkSize();
        SchedulerKind kind = job.scheduler().orElse(model.info.defaults().scheduler());
        Schedule plan = Scheduler.create(kind, model.schedulerConfig).schedule(job.steps());
        Optional<TimestepCondition> lcmCondition = TimestepCondition.of(model.unet, job.guidanceScale());
        boolean guided = job.guidanceScale() > 1 && lcmCondition.isEmpty();
        List<String> prompts = guided ? List.of(job.negativePrompt(), job.prompt()) : List.of(job.prompt());
        TextConditioning.Encoded encoded = TextConditioning.encode(model, prompts, timings);
        float[] context = encoded.hidden();

        int lh = job.height() / 8;
        int lw = job.width() / 8;
        int size = 4 * lh * lw;
        SeededNoise noiseSource = new SeededNoise(job.seed());
        float[] noise = noiseSource.gaussian(size);

        EditState edit = EditState.of(job.init(), model, timings);
        int start = edit.startIndex(job.steps());
        float[] x = edit.source()
                .map(src -> plan.addNoise(src.data(), noise, start))
                .orElseGet(() -> scale(noise, plan.initNoiseSigma()));
        int stepsToRun = job.steps() - start;
        List<Integer> previewSteps = previewSteps(stepsToRun, job.previews());

        for (int i = start; i < job.steps(); i++) {
            if (cancel.isCancelled()) {
                throw new GenerationCancelledException(i - start);
            }
            long stepStart = System.nanoTime();
            float[] modelInput = edit.unetInput(plan.scaleModelInput(x, i));
            float[] eps = denoise(modelInput, plan.timestep(i), context, guided, lcmCondition, size);
            StepOutput step = plan.step(eps, i, x, noiseSource);
            x = edit.afterStep(step.prevSample(), plan, noise, i + 1);
            Latents x0 = new Latents(4, lh, lw, edit.keepOutside(step.predOriginal()));
            timings.add(Stage.UNET, System.nanoTime() - stepStart);

            int done = i - start + 1;
            listener.onStep(new StepProgress(done, stepsToRun, x0));
            int previewIndex = previewSteps.indexOf(done);
            if (previewIndex >= 0) {
                RgbImage preview = PreviewDecoder.decode(model, x0, timings);
                listener.onPreview(new PreviewImage(previewIndex, done, stepsToRun, preview));
            }
        }
        Latents finalLatents = new Latents(4, lh, lw, edit.keepOutside(x));
        RgbImage image = edit.composite(LatentCodec.decode(model, finalLatents, timings), timings);
        timings.total(System.nanoTime() - begin);
        // Any later edit of these exact pixels (a PNG sent back as a file or data URL) starts from these latents.
        model.caches.putGeneratedLatents(EditState.pixelKey(model, image), finalLatents);
        CacheUse use =
                new CacheUse(encoded.cached(), prompts.size(), edit.source().isPresent() && edit.sourceReused());
        return new GeneratedImage(image, finalLatents, job.seed(), stepsToRun, timings, use);
    }

    /** One UNet call (batch 2 when guided: unconditional first, as diffusers orders it). */
    private float[] denoise(
            float[] sample, float t, float[] context, boolean guided, Optional<TimestepCondition> lcm, int size) {
        int batch = guided ? 2 : 1;
        float[] batched = sample;
        if (guided) {
            batched = new float[sample.length * 2];
            System.arraycopy(sample, 0, batched, 0, sample.length);
            System.arraycopy(sample, 0, batched, sample.length, sample.length);
        }
        int channels = sample.length / (size / 4);
        long[] shape = {batch, channels, job.height() / 8, job.width() / 8};
        long[] contextShape = {batch, 77, context.length / batch / 77};
        Map<String, OnnxTensor> feed = new HashMap<>();
        List<OnnxTensor> owned = new ArrayList<>();
        try {
            owned.add(put(feed, "sample", Tensors.floats(env, batched, shape)));
            owned.add(put(feed, "timestep", Tensors.timestep(env, model.unet.requireInput("timestep"), t, batch)));
            owned.add(put(feed, "encoder_hidden_states", Tensors.floats(env, context, contextShape)));
            if (lcm.isPresent()) {
                owned.add(put(feed, TimestepCondition.INPUT, lcm.get().tensor(env, batch)));
            }
            float[] out = model.unet.runForFloats(feed, timings);
            if (!guided) {
                return out;
            }
            float[] eps = new float[size];
            float g = (float) job.guidanceScale();
            for (int k = 0; k < size; k++) {
                float uncond = out[k];
                eps[k] = uncond + g * (out[size + k] - uncond);
            }
            return eps;
        } finally {
            owned.forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor put(Map<String, OnnxTensor> feed, String name, OnnxTensor tensor) {
        feed.put(name, tensor);
        return tensor;
    }

    private void checkSize() {
        ModelInfo info = model.info;
        for (int side : new int[] {job.width(), job.height()}) {
            if (side < info.minSize() || side > info.maxSize()) {
                throw new IllegalArgumentException("model '" + info.name() + "' makes images from " + info.minSize()
                        + " to " + info.maxSize() + " pixels a side; asked for " + job.width() + "x" + job.height());
            }
        }
    }

    /**
     * The steps (1-based, of {@code steps}) after which previews are due: k spread evenly, at
     * ceil(j·steps/(k+1)) for j = 1..k, so none is the final step unless k ≥ steps.
     */
    static List<Integer> previewSteps(int steps, int k) {
        int count = Math.min(k, steps);
        List<Integer> out = new ArrayList<>(count);
        for (int j = 1; j <= count; j++) {
            out.add((int) Math.ceil((double) j * steps / (count + 1)));
        }
        return out;
    }

    private static float[] scale(float[] v, float factor) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * factor;
        }
        return out;
    }
}
