package dev.easel.engine;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many jobs of one shape a model runs in lockstep now ({@link #limit}): the configured
 * largest batch with {@link BatchMode#ON}, one with {@code OFF}, and with {@code AUTO} one until
 * the {@link BatchProbe} has measured, then the largest batch if batching paid, else one. A UNet
 * export that fixes its batch size runs one job at a time whatever is configured. Thread-safe.
 */
final class Batching {
    private static final Logger log = LoggerFactory.getLogger(Batching.class);

    private final String model;
    private final BatchMode mode;
    private final int max;
    private final boolean fixed;
    private final AtomicBoolean probeClaimed = new AtomicBoolean();
    private volatile int limit;

    Batching(String model, BatchMode mode, int max, OptionalInt fixedBatch) {
        this.model = model;
        this.mode = mode;
        this.max = max;
        this.fixed = fixedBatch.isPresent();
        this.limit = mode == BatchMode.ON && !fixed ? max : 1;
        if (fixed && mode != BatchMode.OFF && max > 1) {
            log.info(
                    "model '{}': its unet export fixes the batch size at {}, so images run one at a time",
                    model,
                    fixedBatch.getAsInt());
        }
    }

    /** Jobs of one batch key that may run in lockstep now (1: one at a time). */
    int limit() {
        return limit;
    }

    /** The configured largest batch, or 1 where the export cannot batch. */
    int max() {
        return fixed ? 1 : max;
    }

    /** True once, for the caller that is to run the probe: with {@code AUTO} when batching is possible at all. */
    boolean claimProbe() {
        return mode == BatchMode.AUTO && !fixed && max > 1 && probeClaimed.compareAndSet(false, true);
    }

    /** The probe's result: batching from now on if it paid; none if it did not, or nothing could be measured. */
    void decided(Optional<BatchProbe.Timing> timing) {
        if (timing.isEmpty()) {
            log.info(
                    "model '{}': batching off (engine.batch auto): too little memory to measure a batched unet call",
                    model);
            limit = 1;
            return;
        }
        BatchProbe.Timing t = timing.get();
        limit = t.pays() ? max : 1;
        log.info(
                "model '{}': a unet call of 2 images took {} the time of one ({} ms against {} ms, {} entries an"
                        + " image); batching {} (engine.batch auto: on below {})",
                model,
                String.format(java.util.Locale.ROOT, "%.2fx", t.ratio()),
                String.format(java.util.Locale.ROOT, "%.1f", t.twoNanos() / 1e6),
                String.format(java.util.Locale.ROOT, "%.1f", t.oneNanos() / 1e6),
                t.entries(),
                t.pays() ? "on, up to " + max + " images a call" : "off",
                BatchMode.AUTO_RATIO);
    }
}
