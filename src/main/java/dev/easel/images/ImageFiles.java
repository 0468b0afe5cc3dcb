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
    /** The longest prompt either API takes (OpenAI's limit for its GPT image models). */
    public static final int MAX_PROMPT_CHARS = 32_000;

    /**
     * The most of a prompt a file's metadata repeats: the text encoder reads far less, and a file
     * (every partial image too) must not carry a long prompt twice over (PNG text and XMP).
     */
    public static final int MAX_METADATA_PROMPT_CHARS = 2_000;

    private ImageFiles() {}

    /** What a returned image was made from, written into the file (PNG {@code parameters}, JPEG COM, WebP XMP). */
    public record Provenance(String prompt, String negativePrompt, int steps, long seed, String model) {}

    /** The image encoded as asked, carrying its generation parameters and the AI-generated source type. */
    public static byte[] encode(RgbImage image, OutputFormat format, int compression, Provenance p) {
        String parameters = bounded(p.prompt(), MAX_METADATA_PROMPT_CHARS)
                + (p.negativePrompt().isEmpty()
                        ? ""
                        : "\nNegative prompt: " + bounded(p.negativePrompt(), MAX_METADATA_PROMPT_CHARS))
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

    /**
     * The text cut to at most {@code max} characters, ending in an ellipsis when cut, never
     * between the two halves of a surrogate pair.
     */
    public static String bounded(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    public static String base64(RgbImage image, OutputFormat format, int compression, Provenance p) {
        return Base64.getEncoder().encodeToString(encode(image, format, compression, p));
    }

    /** Easel's usage unit for images: one token per 32×32-pixel patch. */
    public static int imageTokens(int width, int height) {
        return (int) Math.ceil(width * (double) height / (32 * 32));
    }
}
