package dev.easel.images;

import dev.easel.media.ImageEncoder;
import dev.easel.media.OutputFormat;
import dev.easel.wire.ApiException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The background an image is made with, as OpenAI's {@code background} reports it: opaque, or
 * transparent (the finished picture gets the alpha of the server's matting model). How a request's
 * {@code transparent}, {@code opaque} or {@code auto} resolves is {@link #resolve}.
 */
public enum Background {
    OPAQUE("opaque"),
    TRANSPARENT("transparent");

    /** The command that adds a matting model, named by the 400 when there is none. */
    public static final String PULL_COMMAND = "easel pull --matting";

    /**
     * Prompts that ask for a transparent background in so many words: "transparent background" (or
     * backdrop), "no background", "without a background", "background-free", "backgroundless",
     * "on a transparent …", "alpha channel". A transparent object ("a glass vase") is not one.
     */
    private static final Pattern ASKS_FOR_TRANSPARENCY = Pattern.compile("\\btransparent\\s+(background|backdrop)\\b"
            + "|\\b(no|without(\\s+an?|\\s+any)?)\\s+(background|backdrop)\\b"
            + "|\\bbackground[-\\s]?(free|less)\\b"
            + "|\\b(on|against|over)\\s+(an?\\s+)?transparent\\b"
            + "|\\balpha\\s+channel\\b");

    private final String apiName;

    Background(String apiName) {
        this.apiName = apiName;
    }

    /** "opaque" or "transparent", as the responses and events report it. */
    public String apiName() {
        return apiName;
    }

    /**
     * What a request's {@code background} makes:
     *
     * <ul>
     *   <li>{@code opaque}: opaque.
     *   <li>{@code transparent}: transparent; a 400 at {@code background} when the format has no alpha
     *       channel (JPEG, as OpenAI refuses it) or the server has no matting model (the message
     *       names {@link #PULL_COMMAND}).
     *   <li>{@code auto} (OpenAI: "the model decides"): transparent when the prompt asks for a
     *       transparent background in so many words (see {@link #asksForTransparency}), the format
     *       carries alpha and the server has a matting model; else opaque. Never an error.
     * </ul>
     *
     * @param asked "transparent", "opaque" or "auto" (validated by the parsers)
     */
    public static Background resolve(String asked, String prompt, OutputFormat format, boolean canMatte) {
        return switch (asked) {
            case "opaque" -> OPAQUE;
            case "transparent" -> {
                check(format, canMatte);
                yield TRANSPARENT;
            }
            default ->
                canMatte && ImageEncoder.carriesAlpha(format) && asksForTransparency(prompt) ? TRANSPARENT : OPAQUE;
        };
    }

    /** The 400s of {@code transparent}, at {@code background}; nothing when it can be made. */
    public static void check(OutputFormat format, boolean canMatte) {
        if (!ImageEncoder.carriesAlpha(format)) {
            throw ApiException.invalid(
                    "background",
                    "Transparent background is not supported with output_format '" + format.apiName()
                            + "', which has no alpha channel; use 'png' or 'webp'.");
        }
        if (!canMatte) {
            throw ApiException.invalid(
                    "background",
                    "Transparent background is not supported by this server: it needs a matting (background"
                            + " removal) model. Run `" + PULL_COMMAND + "` and restart the server, or set"
                            + " matting_model to an ONNX matting model.");
        }
    }

    /** Whether the prompt asks for a transparent background in so many words (case ignored). */
    public static boolean asksForTransparency(String prompt) {
        return ASKS_FOR_TRANSPARENCY.matcher(prompt.toLowerCase(Locale.ROOT)).find();
    }
}
