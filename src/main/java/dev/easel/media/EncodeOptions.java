package dev.easel.media;

import java.util.Objects;

/**
 * How to write a generated image.
 *
 * @param format     the file format
 * @param compression OpenAI's {@code output_compression}, 0..100, where 100 is the least compression:
 *                   best quality for JPEG, lossless for WebP, the fastest deflate level for PNG
 * @param parameters the generation parameters text stored in the file ("" for none)
 * @param partial    a partial image's file, looked at once and replaced a few denoising steps later:
 *                   a PNG one is written as fast as PNG goes whatever {@code compression} says (the
 *                   fastest deflate level, every row on the Up filter instead of the per-row choice:
 *                   the same pixels in a file a few percent larger, in a fraction of the time); JPEG
 *                   and WebP are written as asked, since their compression sets their quality
 */
public record EncodeOptions(OutputFormat format, int compression, String parameters, boolean partial) {
    /** A finished image's file. */
    public EncodeOptions(OutputFormat format, int compression, String parameters) {
        this(format, compression, parameters, false);
    }

    public EncodeOptions {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(parameters, "parameters");
        if (compression < 0 || compression > 100) {
            throw new IllegalArgumentException("compression must be 0..100, got " + compression);
        }
    }
}
