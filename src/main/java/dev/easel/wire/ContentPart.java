package dev.easel.wire;

/** A part of a message's content. */
public sealed interface ContentPart {

    /** {@code input_text} or {@code output_text}. */
    record Text(String text) implements ContentPart {}

    /** {@code input_image}: inline bytes (from a data URL), a URL to fetch through the URL guard, or a stored file. */
    record Image(ImageSource source) implements ContentPart {}

    /** Where an input image's bytes come from. */
    sealed interface ImageSource {
        record Inline(byte[] bytes) implements ImageSource {}

        record Url(String url) implements ImageSource {}

        record File(String fileId) implements ImageSource {}
    }
}
