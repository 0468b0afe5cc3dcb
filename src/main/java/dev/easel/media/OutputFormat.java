package dev.easel.media;

import java.util.Locale;

/** The image file formats the API can return, named as in OpenAI's {@code output_format}. */
public enum OutputFormat {
    PNG("png", "image/png", "png"),
    JPEG("jpeg", "image/jpeg", "jpg"),
    WEBP("webp", "image/webp", "webp");

    private final String apiName;
    private final String mimeType;
    private final String extension;

    OutputFormat(String apiName, String mimeType, String extension) {
        this.apiName = apiName;
        this.mimeType = mimeType;
        this.extension = extension;
    }

    /** "png", "jpeg" (or "jpg") or "webp", ignoring case; anything else is a client error. */
    public static OutputFormat parse(String apiName) {
        if (apiName == null) {
            throw new IllegalArgumentException("output format is missing; expected png, jpeg or webp");
        }
        return switch (apiName.toLowerCase(Locale.ROOT)) {
            case "png" -> PNG;
            case "jpeg", "jpg" -> JPEG;
            case "webp" -> WEBP;
            default ->
                throw new IllegalArgumentException(
                        "unsupported output format '" + apiName + "'; expected png, jpeg or webp");
        };
    }

    public String apiName() {
        return apiName;
    }

    public String mimeType() {
        return mimeType;
    }

    public String extension() {
        return extension;
    }
}
