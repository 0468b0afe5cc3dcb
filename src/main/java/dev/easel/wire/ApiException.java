package dev.easel.wire;

import java.util.Optional;

/**
 * The one error family: a failure with everything OpenAI's error object needs (HTTP status,
 * {@code type}, {@code code}, {@code param}, message). Thrown anywhere below the routes and
 * rendered once: as the HTTP error body, as a stream's {@code error} event, and (through
 * {@link ResponseError#of}) as a stored response's {@code error}, so a code never turns into
 * another on the way out. The message is shown to the client: it never holds a stack trace, a
 * path on the server or a secret.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final ErrorType type;
    private final Optional<String> code;
    private final Optional<String> param;
    private final int retryAfterSeconds;
    private final Optional<ErrorObject.ModerationDetails> moderation;

    public ApiException(int status, ErrorType type, Optional<String> code, Optional<String> param, String message) {
        this(status, type, code, param, message, 0);
    }

    private ApiException(
            int status,
            ErrorType type,
            Optional<String> code,
            Optional<String> param,
            String message,
            int retryAfterSeconds) {
        this(status, type, code, param, message, retryAfterSeconds, Optional.empty());
    }

    private ApiException(
            int status,
            ErrorType type,
            Optional<String> code,
            Optional<String> param,
            String message,
            int retryAfterSeconds,
            Optional<ErrorObject.ModerationDetails> moderation) {
        super(message, null, false, false);
        this.moderation = moderation;
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx: " + status);
        }
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** OpenAI's error {@code type} values that Easel uses. */
    public enum ErrorType {
        INVALID_REQUEST("invalid_request_error"),
        SERVER("server_error"),
        RATE_LIMIT("requests"),
        /** The image request was refused by moderation (OpenAI's GPT image models' type for it). */
        IMAGE_GENERATION_USER("image_generation_user_error"),
        /** A quota (stored bytes) is used up: waiting does not help, deleting does. */
        INSUFFICIENT_QUOTA("insufficient_quota"),
        /** A server the request named (an MCP server) failed: OpenAI's 424 Failed Dependency. */
        EXTERNAL_CONNECTOR("external_connector_error");

        private final String wire;

        ErrorType(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** A 400 {@code invalid_request_error} with code {@code invalid_value}. */
    public static ApiException invalid(String param, String message) {
        return invalid(param, "invalid_value", message);
    }

    /** A 400 {@code invalid_request_error}; {@code param} may be null when no one field is at fault. */
    public static ApiException invalid(String param, String code, String message) {
        return new ApiException(400, ErrorType.INVALID_REQUEST, Optional.of(code), Optional.ofNullable(param), message);
    }

    public static ApiException missing(String param) {
        return invalid(param, "missing_required_parameter", "Missing required parameter: '" + param + "'.");
    }

    public static ApiException unknownParameter(String param) {
        return invalid(param, "unknown_parameter", "Unknown parameter: '" + param + "'.");
    }

    public static ApiException modelNotFound(String param, String model) {
        return new ApiException(
                404,
                ErrorType.INVALID_REQUEST,
                Optional.of("model_not_found"),
                Optional.of(param),
                "The model '" + model + "' does not exist or you do not have access to it.");
    }

    /** 401 {@code invalid_api_key}: no key, or not a key of this server. */
    public static ApiException unauthorized(String message) {
        return new ApiException(
                401, ErrorType.INVALID_REQUEST, Optional.of("invalid_api_key"), Optional.empty(), message);
    }

    /** 403 {@code insufficient_permissions}: a valid key whose scope does not cover the route. */
    public static ApiException forbidden(String message) {
        return new ApiException(
                403, ErrorType.INVALID_REQUEST, Optional.of("insufficient_permissions"), Optional.empty(), message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, ErrorType.INVALID_REQUEST, Optional.empty(), Optional.empty(), message);
    }

    public static ApiException methodNotAllowed(String message) {
        return new ApiException(405, ErrorType.INVALID_REQUEST, Optional.empty(), Optional.empty(), message);
    }

    public static ApiException unsupportedMediaType(String param, String message) {
        return new ApiException(
                415,
                ErrorType.INVALID_REQUEST,
                Optional.of("unsupported_media_type"),
                Optional.ofNullable(param),
                message);
    }

    public static ApiException tooLarge(String param, String message) {
        return new ApiException(
                413, ErrorType.INVALID_REQUEST, Optional.of("request_too_large"), Optional.ofNullable(param), message);
    }

    public static ApiException rateLimited(String message, int retryAfterSeconds) {
        return new ApiException(
                429,
                ErrorType.RATE_LIMIT,
                Optional.of("rate_limit_exceeded"),
                Optional.empty(),
                message,
                retryAfterSeconds);
    }

    /**
     * OpenAI's 400 for an image request the safety system refused: {@code moderation_blocked}, with
     * {@code moderation_details} naming the stage ({@code input} or {@code output}) and categories.
     */
    public static ApiException moderationBlocked(String stage, java.util.List<String> categories) {
        return new ApiException(
                400,
                ErrorType.IMAGE_GENERATION_USER,
                Optional.of("moderation_blocked"),
                Optional.empty(),
                "Your request was rejected by the safety system. If you believe this is an error, contact us"
                        + " and include the request ID. safety_violations=[" + String.join(", ", categories) + "].",
                0,
                Optional.of(new ErrorObject.ModerationDetails(stage, categories)));
    }

    /** OpenAI's 429 for a used-up quota ({@code insufficient_quota}): no Retry-After, since waiting does not help. */
    public static ApiException quotaExceeded(String message) {
        return new ApiException(
                429, ErrorType.INSUFFICIENT_QUOTA, Optional.of("insufficient_quota"), Optional.empty(), message);
    }

    /**
     * 424 Failed Dependency: a server the request itself named (an MCP server) could not be used,
     * so the request cannot be served; {@code code} says how it failed ({@code http_error},
     * {@code mcp_protocol_error}).
     */
    public static ApiException failedDependency(String param, String code, String message) {
        return new ApiException(
                424, ErrorType.EXTERNAL_CONNECTOR, Optional.of(code), Optional.ofNullable(param), message);
    }

    /** The client went away or cancelled (499, nginx's "client closed request"); nobody reads the body. */
    public static ApiException cancelled() {
        return new ApiException(
                499,
                ErrorType.INVALID_REQUEST,
                Optional.of("cancelled"),
                Optional.empty(),
                "The request was cancelled.");
    }

    public static ApiException modelNotFound(String model) {
        return modelNotFound("model", model);
    }

    public static ApiException server(String message) {
        return new ApiException(500, ErrorType.SERVER, Optional.of("server_error"), Optional.empty(), message);
    }

    public int status() {
        return status;
    }

    public ErrorType type() {
        return type;
    }

    public Optional<String> code() {
        return code;
    }

    public Optional<String> param() {
        return param;
    }

    /** Seconds a client should wait before retrying (0: no advice). */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * The same failure with its field placed under {@code prefix} ({@code size} becomes
     * {@code tools[0].size}), for parts of a request validated on their own; a failure without a
     * field, or already under the prefix, is returned as it is.
     */
    public ApiException under(String prefix) {
        if (param.isEmpty() || param.get().startsWith(prefix)) {
            return this;
        }
        return atParam(prefix + "." + param.get());
    }

    /** The same failure at another field (for tool settings validated in a shared place). */
    public ApiException atParam(String newParam) {
        return new ApiException(status, type, code, Optional.of(newParam), getMessage(), retryAfterSeconds, moderation);
    }

    /** OpenAI's error object: {@code {message, type, param, code}}, as HTTP bodies nest it under "error". */
    public ErrorObject toErrorObject() {
        return new ErrorObject(getMessage(), type.wire(), param, code, moderation);
    }
}
