package dev.easel.tools.planner;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes the body of a {@code POST /chat/completions} request. */
final class ChatRequest {

    private ChatRequest() {}

    static ObjectNode body(String model, List<ChatMessage> messages, List<FunctionSpec> tools, ToolChoice choice) {
        ObjectNode body = PlannerJson.MAPPER.createObjectNode();
        body.put("model", model);
        ArrayNode wireMessages = body.putArray("messages");
        messages.forEach(m -> wireMessages.add(message(m)));
        if (!tools.isEmpty()) {
            ArrayNode wireTools = body.putArray("tools");
            tools.forEach(t -> wireTools.add(tool(t)));
            putChoice(body, choice);
        }
        body.put("stream", false);
        return body;
    }

    /**
     * The user text as the planner sees it: attached images become a note, since the planner may
     * be a text-only model and never receives the pixels.
     */
    static String userContent(ChatMessage.User user) {
        if (user.imageCount() == 0) {
            return user.text();
        }
        String note = "[" + user.imageCount() + (user.imageCount() == 1 ? " image" : " images") + " attached]";
        return user.text().isEmpty() ? note : user.text() + "\n\n" + note;
    }

    private static ObjectNode message(ChatMessage message) {
        ObjectNode node = PlannerJson.MAPPER.createObjectNode();
        switch (message) {
            case ChatMessage.System system -> {
                node.put("role", "system");
                node.put("content", system.text());
            }
            case ChatMessage.User user -> {
                node.put("role", "user");
                node.put("content", userContent(user));
            }
            case ChatMessage.Assistant assistant -> {
                node.put("role", "assistant");
                // OpenAI's own replies carry null content beside tool calls; servers accept it back.
                if (assistant.text().isEmpty() && !assistant.toolCalls().isEmpty()) {
                    node.putNull("content");
                } else {
                    node.put("content", assistant.text());
                }
                if (!assistant.toolCalls().isEmpty()) {
                    ArrayNode calls = node.putArray("tool_calls");
                    assistant.toolCalls().forEach(call -> calls.add(toolCall(call)));
                }
            }
            case ChatMessage.ToolResult result -> {
                node.put("role", "tool");
                node.put("tool_call_id", result.toolCallId());
                node.put("content", result.content());
            }
        }
        return node;
    }

    private static ObjectNode toolCall(ToolCall call) {
        ObjectNode node = PlannerJson.MAPPER.createObjectNode();
        node.put("id", call.id());
        node.put("type", "function");
        ObjectNode function = node.putObject("function");
        function.put("name", call.name());
        function.put("arguments", call.argumentsJson());
        return node;
    }

    private static ObjectNode tool(FunctionSpec spec) {
        ObjectNode node = PlannerJson.MAPPER.createObjectNode();
        node.put("type", "function");
        ObjectNode function = node.putObject("function");
        function.put("name", spec.name());
        if (!spec.description().isEmpty()) {
            function.put("description", spec.description());
        }
        // FunctionSpec checked that the schema is a JSON object.
        function.set("parameters", PlannerJson.parseOrNull(spec.parametersJsonSchema()));
        return node;
    }

    private static void putChoice(ObjectNode body, ToolChoice choice) {
        switch (choice) {
            case ToolChoice.Auto _ -> body.put("tool_choice", "auto");
            case ToolChoice.None _ -> body.put("tool_choice", "none");
            case ToolChoice.Required _ -> body.put("tool_choice", "required");
            case ToolChoice.Named named -> {
                ObjectNode node = body.putObject("tool_choice");
                node.put("type", "function");
                node.putObject("function").put("name", named.function());
            }
        }
    }
}
