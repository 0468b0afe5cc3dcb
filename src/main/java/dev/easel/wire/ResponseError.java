package dev.easel.wire;

/**
 * A failed response's {@code error}: {@code {code, message}}, its code one of the values the SDKs
 * accept (they validate it as an enum).
 */
public record ResponseError(ResponseErrorCode code, String message) {

    /**
     * The stored form of a failure that ended a run. A failure whose code is in the SDKs' enum
     * keeps it; any other request error is {@code invalid_prompt} and any server failure
     * {@code server_error} (Easel validates every field before a run starts, so those carry only
     * the enum's codes).
     */
    public static ResponseError of(ApiException e) {
        ResponseErrorCode code = e.code()
                // A Response's error codes are a closed set: a moderation block is its content-policy code.
                .map(c -> c.equals("moderation_blocked") ? ResponseErrorCode.IMAGE_CONTENT_POLICY_VIOLATION.wire() : c)
                .flatMap(ResponseErrorCode::fromWire)
                .orElse(
                        e.type() == ApiException.ErrorType.INVALID_REQUEST
                                ? ResponseErrorCode.INVALID_PROMPT
                                : ResponseErrorCode.SERVER_ERROR);
        return new ResponseError(code, e.getMessage());
    }
}
