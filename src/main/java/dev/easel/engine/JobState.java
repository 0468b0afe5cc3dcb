package dev.easel.engine;

import dev.easel.engine.sched.Schedule;
import dev.easel.engine.sched.Scheduler;
import dev.easel.engine.sched.SchedulerKind;
import dev.easel.engine.sched.StepOutput;
import dev.easel.media.RgbImage;
import java.util.List;

/**
 * One job's state through the denoising loop, whether it runs alone ({@link DiffusionRun}) or in
 * lockstep with others ({@link BatchRun}): its schedule, its own seeded noise (the starting draw
 * and, for ancestral samplers, every step's), its text conditioning, its edit layers, its sample,
 * its previews and its timings. The loop asks it for each step's UNet input and hands back the
 * prediction; everything else about the job happens here, so a job gives the same image (within
 * float rounding of the UNet call) whichever loop runs it. Used by one thread.
 */
final class JobState {
    final ImageJob job;
    final StageTimings timings = new StageTimings();
    final Unet unet;
    /** The index of the first step that runs (later than 0 for an img2img start). */
    final int start;

    private final DiffusionModel model;
    private final GenerationListener listener;
    private final CancelToken cancel;
    private final long begin;
    private final Schedule plan;
    private final UnetPrecision precision;
    private final FinalDecoder decoder;
    private final GuidanceInterval interval;
    private final Guidance guidance;
    private final List<String> prompts;
    private final TextConditioning.Encoded encoded;
    private final SeededNoise noiseSource;
    private final RunNoise noise;
    private final EditState edit;
    private final UnetConditioning conditioning;
    private final int stepsToRun;
    private final List<Integer> previewSteps;
    private final int lh;
    private final int lw;
    private float[] x;
    private int guidedSteps;

    /**
     * Prepares {@code job}: checks its size, encodes its prompts, draws its starting noise and
     * prepares its edit.
     *
     * @param sequentialGuidance whether classifier-free guidance runs its two passes as two calls
     *     (decided by the caller: a lone run by {@link MemoryBudget#sequential}, a batch for all)
     */
    JobState(
            DiffusionModel model,
            ImageJob job,
            GenerationListener listener,
            CancelToken cancel,
            boolean sequentialGuidance) {
        this.begin = System.nanoTime();
        this.model = model;
        this.job = job;
        this.listener = listener;
        this.cancel = cancel;
        checkSize(model.info, job);
        SchedulerKind kind = job.scheduler().orElse(model.info.defaults().scheduler());
        this.plan = Scheduler.create(kind, model.schedulerConfig).schedule(job.steps());
        RunOptions options = job.options();
        this.precision = options.precision().orElse(model.tuning.precision());
        this.unet = model.unet(precision);
        this.decoder = options.decoder().orElse(model.defaultDecoder());
        this.interval = new GuidanceInterval(options.guidanceInterval().orElse(model.tuning.guidanceInterval()));
        this.lh = job.height() / 8;
        this.lw = job.width() / 8;
        this.guidance = unet.guidance(job.guidanceScale(), sequentialGuidance, interval);
        this.prompts = guidance.prompts(job);
        this.encoded = TextConditioning.encode(model, prompts, guidance.negatives(), timings);

        this.noiseSource = new SeededNoise(job.seed());
        this.noise = new RunNoise(plan, noiseSource.gaussian(4 * lh * lw));

        this.edit = EditState.of(job.init(), model, timings);
        this.conditioning = new UnetConditioning(
                encoded.embeddings(), guidance, edit.inpaint(), References.embeds(model, job.imagePrompt(), timings));
        this.start = edit.start().startIndex(job.steps());
        this.x = edit.start().initialSample(noise, start);
        this.stepsToRun = job.steps() - start;
        this.previewSteps = DiffusionRun.previewSteps(stepsToRun, job.previews());
    }

    /** Throws {@link GenerationCancelledException} when the job's token has fired before step {@code i}. */
    void checkCancelled(int i) {
        if (cancel.isCancelled()) {
            throw new GenerationCancelledException(i - start);
        }
    }

    /** The UNet call of step {@code i} (0-based, of the whole schedule) for the current sample. */
    UnetStep unetStep(int i) {
        Latents modelInput = new Latents(4, lh, lw, plan.scaleModelInput(x, i));
        boolean guided = guidance instanceof Guidance.ClassifierFree && interval.guides(i, job.steps());
        guidedSteps += guided ? 1 : 0;
        return new UnetStep(modelInput, plan.timestep(i), conditioning, guided);
    }

    /**
     * Step {@code i} with the guided prediction {@code eps}: the scheduler's update with this
     * job's noise, the edit layers, the step's time (since {@code stepStart}), the listener's
     * progress and a preview when one is due.
     */
    void advance(int i, float[] eps, long stepStart) {
        StepOutput step = plan.step(eps, i, x, noiseSource);
        x = edit.layers().afterStep(step.prevSample(), noise, i + 1);
        Latents x0 = new Latents(4, lh, lw, edit.layers().keepOutside(step.predOriginal()));
        timings.add(Stage.UNET, System.nanoTime() - stepStart);

        int done = i - start + 1;
        listener.onStep(new StepProgress(done, stepsToRun, x0));
        int previewIndex = previewSteps.indexOf(done);
        if (previewIndex >= 0) {
            RgbImage preview = model.previewer.preview(x0, timings);
            listener.onPreview(new PreviewImage(previewIndex, done, stepsToRun, preview));
        }
    }

    /** The final decode (VAE or TAESD) of the last sample, cached for later edits, with what the run used. */
    GeneratedImage finish() {
        Latents finalLatents = new Latents(4, lh, lw, edit.layers().keepOutside(x));
        RgbImage image = switch (decoder) {
            // The VAE decodes only the region a masked edit can change (MaskLayers.decode).
            case VAE -> edit.layers().decode(finalLatents, model.vaeDecoder, timings);
            case TAESD -> edit.layers().composite(model.taesd().decode(finalLatents, timings), timings);
        };
        timings.total(System.nanoTime() - begin);
        // Any later edit of these exact pixels (a PNG sent back as a file or data URL) starts from these latents.
        model.caches.putGeneratedLatents(EngineCaches.pixelKey(model.name, image), finalLatents);
        CacheUse use =
                new CacheUse(encoded.cached(), prompts.size(), edit.start().sourceReused());
        EngineUse engine = new EngineUse(
                precision,
                decoder,
                interval.fraction(),
                guidedSteps,
                guidance instanceof Guidance.ClassifierFree free && free.sequential(),
                InpaintArea.WHOLE_PICTURE);
        return new GeneratedImage(image, finalLatents, job.seed(), stepsToRun, timings, use, engine);
    }

    private static void checkSize(ModelInfo info, ImageJob job) {
        for (int side : new int[] {job.width(), job.height()}) {
            if (side < info.minSize() || side > info.maxSize()) {
                throw new IllegalArgumentException("model '" + info.name() + "' makes images from " + info.minSize()
                        + " to " + info.maxSize() + " pixels a side; asked for " + job.width() + "x" + job.height());
            }
        }
    }
}
