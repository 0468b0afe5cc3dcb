package dev.easel.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The codes a Response's {@code error.code} may have: exactly the official SDKs' enum. */
public enum ResponseErrorCode {
    SERVER_ERROR,
    RATE_LIMIT_EXCEEDED,
    INVALID_PROMPT,
    VECTOR_STORE_TIMEOUT,
    INVALID_IMAGE,
    INVALID_IMAGE_FORMAT,
    INVALID_BASE64_IMAGE,
    INVALID_IMAGE_URL,
    IMAGE_TOO_LARGE,
    IMAGE_TOO_SMALL,
    IMAGE_PARSE_ERROR,
    IMAGE_CONTENT_POLICY_VIOLATION,
    INVALID_IMAGE_MODE,
    IMAGE_FILE_TOO_LARGE,
    UNSUPPORTED_IMAGE_MEDIA_TYPE,
    EMPTY_IMAGE_FILE,
    FAILED_TO_DOWNLOAD_IMAGE,
    IMAGE_FILE_NOT_FOUND;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ResponseErrorCode> fromWire(String code) {
        return Arrays.stream(values()).filter(c -> c.wire().equals(code)).findFirst();
    }
}
