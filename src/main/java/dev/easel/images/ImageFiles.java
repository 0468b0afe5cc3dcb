package dev.easel.images;

import dev.easel.media.EncodeOptions;
import dev.easel.media.ImageEncoder;
import dev.easel.media.OutputFormat;
import dev.easel.media.RgbImage;
import java.util.Base64;
import java.util.Locale;

/**
 * The image files both APIs return, and the unit their usage is counted in: one place, so the
 * Images API and the Responses API's image tool write the same metadata and count alike.
 */
public final class ImageFiles {
    private ImageFiles() {}

    /** What a returned image was made from, written into the file (PNG {@code parameters}, JPEG COM, WebP XMP). */
    public record Provenance(String prompt, String negativePrompt, int steps, long seed, String model) {}

    /** The image encoded as asked, carrying its generation parameters and the AI-generated source type. */
    public static byte[] encode(RgbImage image, OutputFormat format, int compression, Provenance p) {
        String parameters = p.prompt()
                + (p.negativePrompt().isEmpty() ? "" : "\nNegative prompt: " + p.negativePrompt())
                + String.format(
                        Locale.ROOT,
                        "\nSteps: %d, Seed: %d, Size: %dx%d, Model: %s, Software: Easel",
                        p.steps(),
                        p.seed(),
                        image.width(),
                        image.height(),
                        p.model());
        return ImageEncoder.encode(image, new EncodeOptions(format, compression, parameters));
    }

    public static String base64(RgbImage image, OutputFormat format, int compression, Provenance p) {
        return Base64.getEncoder().encodeToString(encode(image, format, compression, p));
    }

    /** Easel's usage unit for images: one token per 32×32-pixel patch. */
    public static int imageTokens(int width, int height) {
        return (int) Math.ceil(width * (double) height / (32 * 32));
    }
}
