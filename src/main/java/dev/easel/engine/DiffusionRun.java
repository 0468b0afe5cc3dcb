package dev.easel.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * One job through the pipeline stages alone: text conditioning, the denoising loop (one UNet call
 * per step, classifier-free guidance batched into it or run as a second call when memory is short,
 * only inside the guidance interval), previews from each due step's predicted clean latents, the
 * final decode (VAE or TAESD), and for edits the img2img start and the three inpainting layers,
 * with the UNet copy (float32 or int8) the job's options select. The job's own state and steps
 * are a {@link JobState}, which {@link BatchRun} shares. Used once, by one thread.
 */
final class DiffusionRun {
    private final DiffusionModel model;
    private final ImageJob job;
    private final GenerationListener listener;
    private final CancelToken cancel;
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
        boolean sequential = model.memory.sequential(job.height() / 8, job.width() / 8);
        JobState state = new JobState(model, job, listener, cancel, sequential);
        for (int i = state.start; i < job.steps(); i++) {
            state.checkCancelled(i);
            long stepStart = System.nanoTime();
            UnetStep unetStep = state.unetStep(i);
            float[] eps = state.unet.predict(unetStep, state.timings);
            probe.step(unetStep, eps);
            state.advance(i, eps, stepStart);
        }
        return state.finish();
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
