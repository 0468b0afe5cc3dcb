package dev.easel.engine;

import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The measurement behind {@link BatchMode#AUTO}: at the model's native size and default guidance,
 * the time of one UNet call holding two images' entries against one holding one image's (a
 * guided image's call already holds two entries, so that is 4 against 2), each shape timed in
 * a run of its own after a warm-up call. Batching pays when the two-image call costs less than
 * {@link BatchMode#AUTO_RATIO} times the one-image call: on a GPU a small batch barely costs more
 * than one image, on a CPU a large model's call is compute-bound and costs twice as much.
 */
final class BatchProbe {
    /**
     * Measured rounds at most, and the measured time after which no more are run: a large model on
     * a CPU (seconds a call) is timed once, a fast call often enough that the fastest run of each
     * shape escapes what else the machine is doing.
     */
    static final int ROUNDS = 20;

    static final long ENOUGH_NANOS = 1_000_000_000L;

    private BatchProbe() {}

    /**
     * What was measured: the fastest one-image and two-image call.
     *
     * @param entries batch entries of one image's call (2 for classifier-free guidance, else 1)
     */
    record Timing(int entries, long oneNanos, long twoNanos) {
        Timing {
            if (entries < 1 || oneNanos <= 0 || twoNanos <= 0) {
                throw new IllegalArgumentException("a timing needs entries ≥ 1 and positive times");
            }
        }

        /** The two-image call's time over the one-image call's: 2 means batching saves nothing. */
        double ratio() {
            return (double) twoNanos / oneNanos;
        }

        /** Whether batching pays: the ratio is below {@link BatchMode#AUTO_RATIO}. */
        boolean pays() {
            return ratio() < BatchMode.AUTO_RATIO;
        }
    }

    /**
     * Times {@code one} and {@code two} on {@code clock} (nanoseconds), each in a run of its own
     * as a batch's steps repeat one shape: once to warm up, then for {@link #ROUNDS} calls or
     * until half of {@link #ENOUGH_NANOS} has been measured (one call at least); the fastest call
     * of each counts.
     */
    static Timing time(int entries, Runnable one, Runnable two, LongSupplier clock) {
        return new Timing(entries, fastest(one, clock), fastest(two, clock));
    }

    private static long fastest(Runnable call, LongSupplier clock) {
        call.run();
        long best = Long.MAX_VALUE;
        long measured = 0;
        for (int round = 0; round < ROUNDS && measured < ENOUGH_NANOS / 2; round++) {
            long start = clock.getAsLong();
            call.run();
            long took = clock.getAsLong() - start;
            best = Math.min(best, Math.max(1, took));
            measured += took;
        }
        return best;
    }

    /**
     * Measures {@code model}'s UNet (the configured copy), or empty when the memory available
     * would not hold the two-image call.
     */
    static Optional<Timing> measure(DiffusionModel model) {
        ModelDefaults d = model.info.defaults();
        int w = d.width();
        int h = d.height();
        int lh = h / 8;
        int lw = w / 8;
        double scale = d.guidanceScale();
        Unet unet = model.unet;
        Guidance guidance = unet.guidance(scale, false, GuidanceInterval.EVERY_STEP);
        if (model.memory.entries(lh, lw) < 2 * guidance.batch()) {
            return Optional.empty();
        }
        StageTimings timings = new StageTimings();
        ImageJob job = ImageJob.text("", w, h, 1, Math.min(scale, 50), 0);
        TextEmbeddings text = TextConditioning.encode(model, guidance.prompts(job), guidance.negatives(), timings)
                .embeddings();
        InpaintConditioning inpaint = unet.inpainting()
                ? new InpaintConditioning.MaskAndSource(new Latents(5, lh, lw, new float[5 * lh * lw]))
                : new InpaintConditioning.None();
        Latents sample = new Latents(4, lh, lw, new SeededNoise(0).gaussian(4 * lh * lw));
        UnetStep step = new UnetStep(
                sample,
                500f,
                new UnetConditioning(text, guidance, inpaint, model.noReferences()),
                guidance instanceof Guidance.ClassifierFree);
        return Optional.of(time(
                guidance.batch(),
                () -> unet.predict(List.of(step), timings),
                () -> unet.predict(List.of(step, step), timings),
                System::nanoTime));
    }
}
