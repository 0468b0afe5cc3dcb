package dev.easel.media;

import java.util.Objects;

/** Writes generated images as PNG, JPEG or WebP, each carrying its provenance metadata. */
public final class ImageEncoder {
    private ImageEncoder() {}

    /**
     * The encoded file. Every format gets the XMP packet declaring AI-generated media; the
     * parameters text also goes where each format's tools look for it (PNG text chunk, JPEG comment).
     *
     * @throws ImageEncodeException if the platform cannot encode (never because of the input)
     */
    public static byte[] encode(RgbImage image, EncodeOptions options) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(options, "options");
        return switch (options.format()) {
            case PNG ->
                options.partial()
                        ? PngEncoding.encodeFast(image, options.parameters())
                        : PngEncoding.encode(image, options.compression(), options.parameters());
            case JPEG -> JpegEncoding.encode(image, options.compression(), options.parameters());
            case WEBP -> WebpEncoding.encode(image, options.compression(), options.parameters());
        };
    }
}
