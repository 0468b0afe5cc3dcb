package dev.easel.engine.convert;

/**
 * How a model conversion ({@link Fp16Upcast#upcast}, {@link UnetRewrite#write}) goes, told on the
 * converting thread: {@link #started} once, {@link #written} as the weights go out, then
 * {@link #finished}, also when the conversion fails. Implementations should return quickly.
 */
public interface ConversionProgress {
    /** A listener that ignores everything. */
    ConversionProgress NONE = new ConversionProgress() {};

    /** The conversion of {@code source} begins; about {@code totalBytes} of weights will be written. */
    default void started(String source, long totalBytes) {}

    /** {@code bytes} of the weights are written so far. */
    default void written(long bytes) {}

    /** The conversion ended (done, or failed). */
    default void finished() {}
}
