package dev.easel.tools.planner;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Direct mode, when no planner endpoint is configured: no model; the user's latest text is the
 * image prompt, unchanged. It calls {@code image_generation} once per user turn and then ends
 * the turn with empty text.
 */
public final class DirectPlanner implements Planner {
    static final String IMAGE_TOOL = "image_generation";

    @Override
    public PlannerReply next(List<ChatMessage> messages, List<FunctionSpec> tools, ToolChoice choice) {
        Objects.requireNonNull(choice, "choice");
        int lastUser = -1;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof ChatMessage.User) {
                lastUser = i;
            }
        }
        if (lastUser < 0
                || !allowsImageCall(tools, choice)
                || answered(messages.subList(lastUser + 1, messages.size()))) {
            return new PlannerReply("", List.of(), PlannerUsage.NONE);
        }
        ObjectNode arguments = PlannerJson.MAPPER.createObjectNode();
        arguments.put("prompt", ((ChatMessage.User) messages.get(lastUser)).text());
        ToolCall call = new ToolCall(
                new CallIds("call_direct_", messages).next(),
                IMAGE_TOOL,
                PlannerJson.MAPPER.writeValueAsString(arguments));
        return new PlannerReply("", List.of(call), PlannerUsage.NONE);
    }

    @Override
    public String model() {
        return "direct";
    }

    @Override
    public String toString() {
        return "DirectPlanner";
    }

    private static boolean allowsImageCall(List<FunctionSpec> tools, ToolChoice choice) {
        boolean offered = tools.stream().anyMatch(t -> t.name().equals(IMAGE_TOOL));
        return offered
                && switch (choice) {
                    case ToolChoice.Auto _, ToolChoice.Required _ -> true;
                    case ToolChoice.None _ -> false;
                    // Another function was demanded; this planner cannot call it, so it does not call any.
                    case ToolChoice.Named named -> named.function().equals(IMAGE_TOOL);
                };
    }

    /** Whether a tool already ran in this user turn, so the image was made and the turn is over. */
    private static boolean answered(List<ChatMessage> sinceLastUser) {
        return sinceLastUser.stream().anyMatch(m -> m instanceof ChatMessage.ToolResult);
    }
}
