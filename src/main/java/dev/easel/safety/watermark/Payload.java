package dev.easel.safety.watermark;

import java.time.LocalDate;
import java.util.Locale;

/**
 * The 48 bits a watermark carries: the UTC day the image was issued (16 bits, days since
 * {@link #EPOCH}, so 2025-01-01 through 2204-06-07) and a 32-bit image tag (Easel writes the low
 * 32 bits of the generation seed, which the file's metadata also names, so a marked picture
 * whose metadata was stripped still leads back to its seed). That the mark is Easel's is not a
 * payload bit: only Easel's key finds it at all.
 */
public record Payload(LocalDate issued, int tag) {
    /** Day 0 of {@link #issued()}. */
    public static final LocalDate EPOCH = LocalDate.of(2025, 1, 1);

    /** Payload bits (the code adds a 16-bit CRC and a rate-1/2 convolutional code). */
    public static final int BITS = 48;

    public Payload {
        long day = issued.toEpochDay() - EPOCH.toEpochDay();
        if (day < 0 || day > 0xFFFF) {
            throw new IllegalArgumentException(
                    "issued must be between " + EPOCH + " and " + EPOCH.plusDays(0xFFFF) + ": " + issued);
        }
    }

    /** The 48 bits, day in the high 16. */
    long bits() {
        return (issued.toEpochDay() - EPOCH.toEpochDay()) << 32 | (tag & 0xFFFFFFFFL);
    }

    static Payload ofBits(long bits) {
        return new Payload(EPOCH.plusDays(bits >>> 32 & 0xFFFF), (int) bits);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "issued %s, tag %08x", issued, tag);
    }
}
