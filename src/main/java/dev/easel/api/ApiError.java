package dev.easel.api;

/**
 * A failure with everything OpenAI's error object needs. Thrown anywhere below the routes and
 * rendered once by {@link ErrorRenderer}; the message is shown to the client, so it never holds a
 * stack trace, a path on the server or a secret.
 */
final class ApiError extends RuntimeException {
    final int status;
    final String type;
    final String code;
    final String param;
    final int retryAfterSeconds;

    ApiError(int status, String type, String code, String param, String message, int retryAfterSeconds) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiError invalid(String param, String message) {
        return new ApiError(400, "invalid_request_error", "invalid_value", param, message, 0);
    }

    static ApiError invalid(String param, String code, String message) {
        return new ApiError(400, "invalid_request_error", code, param, message, 0);
    }

    static ApiError missing(String param) {
        return new ApiError(
                400,
                "invalid_request_error",
                "missing_required_parameter",
                param,
                "Missing required parameter: '" + param + "'.",
                0);
    }

    static ApiError unknownParameter(String param) {
        return new ApiError(
                400, "invalid_request_error", "unknown_parameter", param, "Unknown parameter: '" + param + "'.", 0);
    }

    static ApiError modelNotFound(String model) {
        return new ApiError(
                404,
                "invalid_request_error",
                "model_not_found",
                "model",
                "The model '" + model + "' does not exist or you do not have access to it.",
                0);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "invalid_request_error", null, null, message, 0);
    }

    static ApiError unsupportedMediaType(String param, String message) {
        return new ApiError(415, "invalid_request_error", "unsupported_media_type", param, message, 0);
    }

    static ApiError tooLarge(String param, String message) {
        return new ApiError(413, "invalid_request_error", "request_too_large", param, message, 0);
    }

    static ApiError rateLimited(String message, int retryAfterSeconds) {
        return new ApiError(429, "requests", "rate_limit_exceeded", null, message, retryAfterSeconds);
    }

    static ApiError server(String message) {
        return new ApiError(500, "server_error", "server_error", null, message, 0);
    }
}
