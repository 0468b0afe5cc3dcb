package dev.easel.tools.planner;

import java.util.List;

/**
 * A planner whose every word passes through a {@link SecretRedactor} before anything else sees
 * it: the text of its message and the arguments of its tool calls (an image prompt, a search
 * query, an MCP call), so an echoed key reaches neither the user, the store, the logs nor another
 * server.
 */
public final class RedactingPlanner implements Planner {
    private final Planner planner;
    private final SecretRedactor redactor;

    public RedactingPlanner(Planner planner, SecretRedactor redactor) {
        this.planner = planner;
        this.redactor = redactor;
    }

    @Override
    public PlannerReply next(List<ChatMessage> messages, List<FunctionSpec> tools, ToolChoice choice)
            throws PlannerException {
        PlannerReply reply;
        try {
            reply = planner.next(messages, tools, choice);
        } catch (PlannerException e) {
            String message = redactor.redact(e.getMessage());
            throw message.equals(e.getMessage()) ? e : new PlannerException(e.kind(), message);
        }
        List<ToolCall> calls = reply.toolCalls().stream()
                .map(c -> new ToolCall(c.id(), c.name(), redactor.redact(c.argumentsJson())))
                .toList();
        return new PlannerReply(redactor.redact(reply.text()), calls, reply.usage());
    }

    @Override
    public String model() {
        return planner.model();
    }

    @Override
    public String toString() {
        return planner.toString();
    }
}
