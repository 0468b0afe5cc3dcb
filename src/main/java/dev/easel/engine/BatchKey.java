package dev.easel.engine;

import dev.easel.engine.sched.SchedulerKind;
import java.util.Optional;

/**
 * What jobs must share to run in lockstep, one UNet call per step for all of them
 * ({@link DiffusionModel#generateBatch}): the latent size, the schedule (steps, scheduler and the
 * step the run starts at), how guidance enters the call and on which steps, and the UNet copy.
 * Prompts, seeds, guidance scales, edit sources and masks, previews and final decoders are each
 * job's own. Only equality matters. A run steered by reference images has no key (it runs alone).
 */
public record BatchKey(
        int width,
        int height,
        int steps,
        int startIndex,
        SchedulerKind scheduler,
        Pass pass,
        double guidanceInterval,
        UnetPrecision precision) {

    /** How a job's guidance enters its UNet calls (the kinds of {@code Guidance}). */
    public enum Pass {
        /** The conditional pass alone (guidance ≤ 1). */
        CONDITIONAL,
        /** Classifier-free guidance: two copies of the sample on the guided steps. */
        CLASSIFIER_FREE,
        /** An LCM UNet's guidance embedding ({@code timestep_cond}). */
        EMBEDDED
    }

    /** {@code job}'s key on {@code model}, or empty when it runs alone whatever (see {@link DiffusionModel#batchKey}). */
    static Optional<BatchKey> of(DiffusionModel model, ImageJob job) {
        RunOptions options = job.options();
        if (job.imagePrompt() instanceof ImagePrompt.References) {
            // The adapter's strength is one value per UNet call: a referenced run runs alone.
            return Optional.empty();
        }
        if (job.init() instanceof Init.Edit edit
                && edit.mask() instanceof Init.Masked
                && options.inpaintArea().orElse(model.tuning.inpaintArea()) == InpaintArea.AROUND_MASK) {
            return Optional.empty();
        }
        double fraction = options.guidanceInterval().orElse(model.tuning.guidanceInterval());
        // Both UNet copies come from one file: the loaded one tells how guidance enters the call.
        Pass pass = switch (model.unet.guidance(job.guidanceScale(), false, new GuidanceInterval(fraction))) {
            case Guidance.Conditional _ -> Pass.CONDITIONAL;
            case Guidance.ClassifierFree _ -> Pass.CLASSIFIER_FREE;
            case Guidance.Embedded _ -> Pass.EMBEDDED;
        };
        int start = switch (job.init()) {
            case Init.Noise() -> 0;
            case Init.Edit edit -> EditStart.FromSource.startIndex(job.steps(), edit.strength());
        };
        return Optional.of(new BatchKey(
                job.width(),
                job.height(),
                job.steps(),
                start,
                job.scheduler().orElse(model.info.defaults().scheduler()),
                pass,
                pass == Pass.CLASSIFIER_FREE ? fraction : 1,
                options.precision().orElse(model.tuning.precision())));
    }
}
