package dev.easel.engine;

/** One job of a batch with its own listener and cancel token ({@link DiffusionModel#generateBatch}). */
public record BatchEntry(ImageJob job, GenerationListener listener, CancelToken cancel) {
    public BatchEntry {
        if (job == null || listener == null || cancel == null) {
            throw new IllegalArgumentException("job, listener and cancel are required");
        }
    }
}
