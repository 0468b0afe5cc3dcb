package dev.easel.engine;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One run's opt-in speed options (Easel extensions on the request); each absent one takes the
 * engine's configured default ({@link EngineTuning}).
 *
 * @param precision the UNet copy to use
 * @param decoder what decodes the final latents
 * @param guidanceInterval the middle fraction of the steps, in (0, 1], that get classifier-free
 *     guidance; the others run the conditional pass alone (1 = every step, today's behaviour)
 */
public record RunOptions(
        Optional<UnetPrecision> precision, Optional<FinalDecoder> decoder, OptionalDouble guidanceInterval) {
    public static final RunOptions DEFAULTS =
            new RunOptions(Optional.empty(), Optional.empty(), OptionalDouble.empty());

    public RunOptions {
        if (precision == null || decoder == null || guidanceInterval == null) {
            throw new IllegalArgumentException("precision, decoder and guidanceInterval must not be null");
        }
        guidanceInterval.ifPresent(GuidanceInterval::check);
    }
}
