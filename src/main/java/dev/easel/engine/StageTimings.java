package dev.easel.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wall time per stage of one run, the time spent inside ONNX Runtime's {@code run} calls, each
 * UNet step, and the latents its final VAE decode covered (the whole grid, or for a small mask only
 * the region around it). Filled by the run's own thread only; read once the run has returned.
 */
public final class StageTimings {
    private final Map<Stage, Long> nanos = new EnumMap<>(Stage.class);
    private final List<Long> unetSteps = new ArrayList<>();
    private long ortNanos;
    private long totalNanos;
    private Optional<LatentRegion> decoded = Optional.empty();

    void add(Stage stage, long elapsed) {
        nanos.merge(stage, elapsed, Long::sum);
        if (stage == Stage.UNET) {
            unetSteps.add(elapsed);
        }
    }

    void addOrt(long elapsed) {
        ortNanos += elapsed;
    }

    void decoded(LatentRegion region) {
        decoded = Optional.of(region);
    }

    void total(long elapsed) {
        totalNanos = elapsed;
    }

    public long nanos(Stage stage) {
        return nanos.getOrDefault(stage, 0L);
    }

    /** One entry per denoising step (the UNet call and the scheduler update). */
    public List<Long> unetStepNanos() {
        return Collections.unmodifiableList(unetSteps);
    }

    /** Time inside ONNX Runtime session runs, summed over every model. */
    public long ortNanos() {
        return ortNanos;
    }

    /** The latents the final decode covered; empty before it (or for a run that failed earlier). */
    public Optional<LatentRegion> decodedRegion() {
        return decoded;
    }

    public long totalNanos() {
        return totalNanos;
    }

    /** Everything these timings hold, as plain data (to hand them to another process). */
    public record Snapshot(
            Map<Stage, Long> nanos,
            List<Long> unetSteps,
            long ortNanos,
            long totalNanos,
            Optional<LatentRegion> decoded) {}

    public Snapshot snapshot() {
        return new Snapshot(new EnumMap<>(nanos), List.copyOf(unetSteps), ortNanos, totalNanos, decoded);
    }

    /** The timings a {@link #snapshot} holds. */
    public static StageTimings of(Snapshot snapshot) {
        StageTimings timings = new StageTimings();
        timings.nanos.putAll(snapshot.nanos());
        timings.unetSteps.addAll(snapshot.unetSteps());
        timings.ortNanos = snapshot.ortNanos();
        timings.totalNanos = snapshot.totalNanos();
        timings.decoded = snapshot.decoded();
        return timings;
    }
}
