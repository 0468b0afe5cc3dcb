package dev.easel.engine;

import java.util.Locale;

/**
 * Whether the engine runs several images of one shape through one UNet call per step
 * ({@link DiffusionModel#generateBatch}): {@code ON} always (up to the configured largest batch),
 * {@code OFF} never, {@code AUTO} only where a measurement at load found that it pays
 * ({@link BatchProbe}): on GPUs it does; on a CPU a large model's call costs about as much per
 * image at any batch, so there it does not.
 */
public enum BatchMode {
    AUTO,
    ON,
    OFF;

    /**
     * {@code AUTO} batches when a call of two images' entries takes less than this many times a
     * call of one image's (2 would mean no saving at all).
     */
    public static final double AUTO_RATIO = 1.8;

    public static BatchMode parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("batch must be auto, on or off: " + name);
        }
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
