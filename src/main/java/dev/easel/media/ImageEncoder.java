package dev.easel.media;

import java.util.Objects;
import java.util.Optional;

/** Writes generated images as PNG, JPEG or WebP, each carrying its provenance metadata (and PNG and WebP an alpha channel). */
public final class ImageEncoder {
    private ImageEncoder() {}

    /**
     * The encoded file. Every format gets the XMP packet declaring AI-generated media; the
     * parameters text also goes where each format's tools look for it (PNG text chunk, JPEG comment).
     *
     * @throws ImageEncodeException if the platform cannot encode (never because of the input)
     */
    public static byte[] encode(RgbImage image, EncodeOptions options) {
        return encode(image, Optional.empty(), options);
    }

    /**
     * The encoded file, with {@code alpha} when present (PNG: truecolour with alpha; WebP: with its
     * alpha channel).
     *
     * @throws IllegalArgumentException for an alpha plane with JPEG, which has none (callers refuse
     *     that combination before anything is made), or one that does not fit the image
     */
    public static byte[] encode(RgbImage image, Optional<Alpha> alpha, EncodeOptions options) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(alpha, "alpha");
        Objects.requireNonNull(options, "options");
        if (alpha.isPresent() && !alpha.get().fits(image)) {
            throw new IllegalArgumentException("the alpha plane does not fit the image");
        }
        return switch (options.format()) {
            case PNG ->
                options.partial()
                        ? PngEncoding.encodeFast(image, alpha, options.parameters())
                        : PngEncoding.encode(image, alpha, options.compression(), options.parameters());
            case JPEG -> {
                if (alpha.isPresent()) {
                    throw new IllegalArgumentException("JPEG has no alpha channel");
                }
                yield JpegEncoding.encode(image, options.compression(), options.parameters());
            }
            case WEBP -> WebpEncoding.encode(image, alpha, options.compression(), options.parameters());
        };
    }

    /** Whether the format can carry an alpha channel. */
    public static boolean carriesAlpha(OutputFormat format) {
        return switch (format) {
            case PNG, WEBP -> true;
            case JPEG -> false;
        };
    }
}
