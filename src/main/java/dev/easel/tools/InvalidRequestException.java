package dev.easel.tools;

/**
 * A request that cannot be served as asked, with the offending field: rendered by the API layer as
 * a 400 {@code invalid_request_error} with this {@code param} and {@code code}.
 */
public final class InvalidRequestException extends RuntimeException {
    private final String param;
    private final String code;

    public InvalidRequestException(String param, String code, String message) {
        super(message);
        this.param = param;
        this.code = code;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
