package dev.easel.tools.planner;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Chat Completions response body. Lenient where servers differ in harmless ways (Ollama
 * sends tool arguments as an object, some servers omit call ids or usage), strict where the
 * answer would be unusable.
 */
final class ChatResponse {

    private ChatResponse() {}

    /**
     * @param ids supplies ids for calls that come without one
     * @param origin the endpoint, for messages
     */
    static PlannerReply parse(String body, CallIds ids, String origin) throws PlannerException {
        JsonNode root = PlannerJson.parseOrNull(body);
        if (root == null || !root.isObject()) {
            throw bad(origin, "malformed JSON");
        }
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            String error = ErrorBodies.message(root);
            throw bad(origin, error.isEmpty() ? "no choices" : "no choices (error: " + error + ")");
        }
        JsonNode message = choices.get(0).path("message");
        if (!message.isObject()) {
            throw bad(origin, "a choice without a message");
        }
        List<JsonNode> wireCalls = new ArrayList<>();
        JsonNode toolCalls = message.path("tool_calls");
        if (toolCalls.isArray()) {
            toolCalls.forEach(wireCalls::add);
        } else if (!toolCalls.isMissingNode() && !toolCalls.isNull()) {
            throw bad(origin, "tool_calls that are not an array");
        }
        wireCalls.forEach(
                c -> c.path("id").stringValueOpt().filter(id -> !id.isBlank()).ifPresent(ids::reserve));
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : wireCalls) {
            calls.add(toolCall(call, ids, origin));
        }
        return new PlannerReply(content(message.path("content"), origin), calls, usage(root.path("usage")));
    }

    private static String content(JsonNode content, String origin) throws PlannerException {
        if (content.isMissingNode() || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.stringValue();
        }
        if (content.isArray()) {
            // Content parts, as some servers send: the text parts joined.
            StringBuilder text = new StringBuilder();
            content.forEach(part -> text.append(part.path("text").stringValue("")));
            return text.toString();
        }
        throw bad(origin, "message content that is neither text nor null");
    }

    private static ToolCall toolCall(JsonNode call, CallIds ids, String origin) throws PlannerException {
        JsonNode function = call.path("function");
        String name = function.path("name").stringValue("");
        if (name.isBlank()) {
            throw bad(origin, "a tool call without a function name");
        }
        String id = call.path("id").stringValue("");
        if (id.isBlank()) {
            id = ids.next();
        }
        return new ToolCall(id, name, arguments(function.path("arguments")));
    }

    /** Arguments as a JSON string, whether they came as one or (Ollama) as the object itself. */
    private static String arguments(JsonNode arguments) {
        if (arguments.isMissingNode() || arguments.isNull()) {
            return "{}";
        }
        if (arguments.isString()) {
            String text = arguments.stringValue();
            return text.isBlank() ? "{}" : text;
        }
        return PlannerJson.MAPPER.writeValueAsString(arguments);
    }

    private static PlannerUsage usage(JsonNode usage) {
        return new PlannerUsage(count(usage.path("prompt_tokens")), count(usage.path("completion_tokens")));
    }

    private static int count(JsonNode tokens) {
        return tokens.canConvertToInt() && tokens.isIntegralNumber() ? Math.max(0, tokens.intValue()) : 0;
    }

    private static PlannerException bad(String origin, String what) {
        return new PlannerException(
                PlannerException.Kind.BAD_RESPONSE, "the planner at " + origin + " answered with " + what);
    }
}
