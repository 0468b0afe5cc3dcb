package dev.easel.engine;

/**
 * Polled by the engine between denoising steps; once it answers true the run stops within one
 * step with {@link GenerationCancelledException}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface CancelToken {
    boolean isCancelled();

    CancelToken NEVER = () -> false;
}
