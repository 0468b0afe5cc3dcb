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
 * @param inpaintArea what a masked edit's UNet denoises (no effect on other runs)
 */
public record RunOptions(
        Optional<UnetPrecision> precision,
        Optional<FinalDecoder> decoder,
        OptionalDouble guidanceInterval,
        Optional<InpaintArea> inpaintArea) {
    public static final RunOptions DEFAULTS =
            new RunOptions(Optional.empty(), Optional.empty(), OptionalDouble.empty(), Optional.empty());

    public RunOptions {
        if (precision == null || decoder == null || guidanceInterval == null || inpaintArea == null) {
            throw new IllegalArgumentException("precision, decoder, guidanceInterval and inpaintArea must not be null");
        }
        guidanceInterval.ifPresent(GuidanceInterval::check);
    }

    public RunOptions withPrecision(UnetPrecision p) {
        return new RunOptions(Optional.of(p), decoder, guidanceInterval, inpaintArea);
    }

    public RunOptions withDecoder(FinalDecoder d) {
        return new RunOptions(precision, Optional.of(d), guidanceInterval, inpaintArea);
    }

    public RunOptions withGuidanceInterval(double fraction) {
        return new RunOptions(precision, decoder, OptionalDouble.of(fraction), inpaintArea);
    }

    public RunOptions withInpaintArea(InpaintArea area) {
        return new RunOptions(precision, decoder, guidanceInterval, Optional.of(area));
    }
}
