package dev.easel.engine;

import dev.easel.engine.sched.Schedule;
import dev.easel.engine.sched.Scheduler;
import dev.easel.engine.sched.SchedulerKind;
import dev.easel.engine.sched.StepOutput;
import dev.easel.media.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * One job through the pipeline stages: text conditioning, the denoising loop (one UNet call per
 * step, classifier-free guidance batched into it or run as a second call when memory is short,
 * only inside the guidance interval), previews from each due step's predicted clean latents, the
 * final decode (VAE or TAESD), and for edits the img2img start and the three inpainting layers,
 * with the UNet copy (float32 or int8) the job's options select. Used once, by one thread.
 */
final class DiffusionRun {
    private final DiffusionModel model;
    private final ImageJob job;
    private final GenerationListener listener;
    private final CancelToken cancel;
    private final StageTimings timings = new StageTimings();
    private final StepProbe probe;

    /** Sees every step's UNet input and guided prediction (benchmarks compare UNet copies on the same inputs). */
    interface StepProbe {
        StepProbe NONE = (step, eps) -> {};

        void step(UnetStep step, float[] eps);
    }

    DiffusionRun(DiffusionModel model, ImageJob job, GenerationListener listener, CancelToken cancel) {
        this(model, job, listener, cancel, StepProbe.NONE);
    }

    DiffusionRun(DiffusionModel model, ImageJob job, GenerationListener listener, CancelToken cancel, StepProbe probe) {
        this.model = model;
        this.job = job;
        this.listener = listener;
        this.cancel = cancel;
        this.probe = probe;
    }

    GeneratedImage run() {
        long begin = System.nanoTime();
        checkSize();
        SchedulerKind kind = job.scheduler().orElse(model.info.defaults().scheduler());
        Schedule plan = Scheduler.create(kind, model.schedulerConfig).schedule(job.steps());
        RunOptions options = job.options();
        UnetPrecision precision = options.precision().orElse(model.tuning.precision());
        Unet unet = model.unet(precision);
        FinalDecoder decoder = options.decoder().orElse(model.defaultDecoder());
        GuidanceInterval interval =
                new GuidanceInterval(options.guidanceInterval().orElse(model.tuning.guidanceInterval()));
        int lh = job.height() / 8;
        int lw = job.width() / 8;
        Guidance guidance = unet.guidance(job.guidanceScale(), model.memory.sequential(lh, lw), interval);
        List<String> prompts = guidance.prompts(job);
        TextConditioning.Encoded encoded = TextConditioning.encode(model, prompts, timings);

        SeededNoise noiseSource = new SeededNoise(job.seed());
        RunNoise noise = new RunNoise(plan, noiseSource.gaussian(4 * lh * lw));

        EditState edit = EditState.of(job.init(), model, timings);
        UnetConditioning conditioning = new UnetConditioning(encoded.embeddings(), guidance, edit.inpaint());
        int start = edit.start().startIndex(job.steps());
        float[] x = edit.start().initialSample(noise, start);
        int stepsToRun = job.steps() - start;
        List<Integer> previewSteps = previewSteps(stepsToRun, job.previews());
        int guidedSteps = 0;

        for (int i = start; i < job.steps(); i++) {
            if (cancel.isCancelled()) {
                throw new GenerationCancelledException(i - start);
            }
            long stepStart = System.nanoTime();
            Latents modelInput = new Latents(4, lh, lw, plan.scaleModelInput(x, i));
            boolean guided = guidance instanceof Guidance.ClassifierFree && interval.guides(i, job.steps());
            guidedSteps += guided ? 1 : 0;
            UnetStep unetStep = new UnetStep(modelInput, plan.timestep(i), conditioning, guided);
            float[] eps = unet.predict(unetStep, timings);
            probe.step(unetStep, eps);
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
}
