package dev.easel.engine;

/**
 * How one job of a batch ended: its image, or what stopped it ({@link GenerationCancelledException}
 * when its token fired, a listener's exception, a failure of the engine). Each job of a batch ends
 * on its own; one's failure leaves the others running.
 */
public sealed interface JobOutcome {
    record Made(GeneratedImage image) implements JobOutcome {}

    record Failed(RuntimeException error) implements JobOutcome {}
}
