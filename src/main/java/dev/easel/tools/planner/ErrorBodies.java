package dev.easel.tools.planner;

import tools.jackson.databind.JsonNode;

/** Finds the human-readable message in the error bodies that OpenAI-compatible servers send. */
final class ErrorBodies {
    static final int MAX_LENGTH = 300;

    private ErrorBodies() {}

    /**
     * The message of {@code {"error":{"message":…}}} (OpenAI, llama.cpp), {@code {"error":"…"}}
     * (Ollama) or {@code {"message":"…"}} (vLLM), on one line and at most {@link #MAX_LENGTH}
     * characters; empty when there is none.
     */
    static String message(JsonNode body) {
        JsonNode error = body.path("error");
        String text = error.path("message")
                .stringValueOpt()
                .or(error::stringValueOpt)
                .or(() -> body.path("message").stringValueOpt())
                .orElse("");
        return truncate(text.strip().replaceAll("\\s+", " "));
    }

    /** Like {@link #message(JsonNode)} for a body that may not be JSON at all. */
    static String message(String body) {
        JsonNode root = PlannerJson.parseOrNull(body);
        return root == null || !root.isObject() ? "" : message(root);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "…";
    }
}
