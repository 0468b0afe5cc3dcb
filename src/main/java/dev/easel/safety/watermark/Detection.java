package dev.easel.safety.watermark;

import java.util.Optional;

/**
 * What {@link Watermark#detect} found.
 *
 * @param present whether Easel's mark is there: its synchronisation pattern was found and either
 *     the payload decoded with a valid CRC, or the pattern alone is far beyond chance
 * @param payload the decoded payload; empty when absent, or present but too damaged to read
 * @param confidence 1 − the chance that an unmarked picture gives evidence this strong (the
 *     synchronisation peak's tail probability over every scale and offset searched, times the
 *     CRC's 2⁻¹⁶ when the payload decoded); near 0 for unmarked pictures
 */
public record Detection(boolean present, Optional<Payload> payload, double confidence) {
    public Detection {
        if (payload.isPresent() && !present) {
            throw new IllegalArgumentException("a payload without a mark");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        }
    }

    static Detection absent(double confidence) {
        return new Detection(false, Optional.empty(), confidence);
    }
}
