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
 * step, classifier-free guidance batched into it), previews from each due step's predicted clean
 * latents, the VAE decode, and for edits the img2img start and the three inpainting layers. Used
 * once, by one thread.
 */
final class DiffusionRun {
    private final DiffusionModel model;
    private final ImageJob job;
    private final GenerationListener listener;
    private final CancelToken cancel;
    private final StageTimings timings = new StageTimings();

    DiffusionRun(DiffusionModel model, ImageJob job, GenerationListener listener, CancelToken cancel) {
        this.model = model;
        this.job = job;
        this.listener = listener;
        this.cancel = cancel;
    }

    GeneratedImage run() {
        long begin = System.nanoTime();
        checkSize();
        SchedulerKind kind = job.scheduler().orElse(model.info.defaults().scheduler());
        Schedule plan = Scheduler.create(kind, model.schedulerConfig).schedule(job.steps());
        Guidance guidance = model.unet.guidance(job.guidanceScale());
        List<String> prompts = guidance.prompts(job);
        TextConditioning.Encoded encoded = TextConditioning.encode(model, prompts, timings);

        int lh = job.height() / 8;
        int lw = job.width() / 8;
        SeededNoise noiseSource = new SeededNoise(job.seed());
        RunNoise noise = new RunNoise(plan, noiseSource.gaussian(4 * lh * lw));

        EditState edit = EditState.of(job.init(), model, timings);
        UnetConditioning conditioning = new UnetConditioning(encoded.embeddings(), guidance, edit.inpaint());
        int start = edit.start().startIndex(job.steps());
        float[] x = edit.start().initialSample(noise, start);
        int stepsToRun = job.steps() - start;
        List<Integer> previewSteps = previewSteps(stepsToRun, job.previews());

        for (int i = start; i < job.steps(); i++) {
            if (cancel.isCancelled()) {
                throw new GenerationCancelledException(i - start);
            }
            long stepStart = System.nanoTime();
            Latents modelInput = new Latents(4, lh, lw, plan.scaleModelInput(x, i));
            float[] eps = model.unet.predict(new UnetStep(modelInput, plan.timestep(i), conditioning), timings);
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
        RgbImage image = edit.layers().decode(finalLatents, model.vaeDecoder, timings);
        timings.total(System.nanoTime() - begin);
        // Any later edit of these exact pixels (a PNG sent back as a file or data URL) starts from these latents.
        model.caches.putGeneratedLatents(EngineCaches.pixelKey(model.name, image), finalLatents);
        CacheUse use =
                new CacheUse(encoded.cached(), prompts.size(), edit.start().sourceReused());
        return new GeneratedImage(image, finalLatents, job.seed(), stepsToRun, timings, use);
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
