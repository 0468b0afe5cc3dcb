package dev.easel.wire;

import java.util.Optional;

/**
 * OpenAI's error object as HTTP error bodies ({@code {"error": …}}) and stream {@code error}
 * events carry it. {@code param} and {@code code} are null, not omitted, when absent.
 */
public record ErrorObject(String message, String type, Optional<String> param, Optional<String> code) {}
