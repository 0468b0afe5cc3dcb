package dev.easel.tools.planner;

import java.util.List;

/**
 * Decides which tools a turn calls and writes its text. Implementations are thread-safe: one
 * instance serves every request.
 */
public interface Planner {

    /**
     * One Chat Completions round: the conversation so far and the tools offered; returns text
     * and/or tool calls. Blocks the calling (virtual) thread until the planner answers.
     */
    PlannerReply next(List<ChatMessage> messages, List<FunctionSpec> tools, ToolChoice choice) throws PlannerException;

    /** The model name reported in responses. */
    String model();
}
