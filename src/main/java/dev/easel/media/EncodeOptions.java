package dev.easel.media;

import java.util.Objects;

/**
 * How to write a generated image.
 *
 * @param format     the file format
 * @param compression OpenAI's {@code output_compression}, 0..100, where 100 is the least compression:
 *                   best quality for JPEG, lossless for WebP, the fastest deflate level for PNG
 * @param parameters the generation parameters text stored in the file ("" for none)
 */
public record EncodeOptions(OutputFormat format, int compression, String parameters) {
    public EncodeOptions {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(parameters, "parameters");
        if (compression < 0 || compression > 100) {
            throw new IllegalArgumentException("compression must be 0..100, got " + compression);
        }
    }
}
