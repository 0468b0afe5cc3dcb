package dev.easel.responses;

import dev.easel.json.Wire;
import dev.easel.wire.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A response while it runs: status, output items, usage, error. {@link #toJson()} renders the
 * Response object (spec 1.3) in OpenAI's key order. Mutated only by the response's run thread;
 * snapshots are taken on that thread and published through the event log and the store.
 */
final class ResponseState {
    final String id;
    final long createdAt;
    final CreateResponse request;
    String status;
    Optional<Long> completedAt = Optional.empty();
    Optional<ObjectNode> error = Optional.empty();
    Optional<String> incompleteReason = Optional.empty();
    final List<OutputItem> output = new ArrayList<>();
    Optional<Usage> usage = Optional.empty();

    /** Token counts of the whole turn (planner plus image tool, in Easel's units). */
    record Usage(int inputTokens, int cachedTokens, int outputTokens) {}

    ResponseState(String id, long createdAt, CreateResponse request) {
        this.id = id;
        this.createdAt = createdAt;
        this.request = request;
        this.status = request.background() ? "queued" : "in_progress";
    }

    boolean terminal() {
        return switch (status) {
            case "completed", "failed", "cancelled", "incomplete" -> true;
            default -> false;
        };
    }

    ObjectNode toJson() {
        ObjectNode echo = request.echo();
        ObjectNode r = Wire.object();
        r.put("id", id);
        r.put("object", "response");
        r.put("created_at", createdAt);
        r.put("status", status);
        r.put("background", request.background());
        completedAt.ifPresentOrElse(t -> r.put("completed_at", t), () -> r.putNull("completed_at"));
        error.ifPresentOrElse(e -> r.set("error", e), () -> r.putNull("error"));
        incompleteReason.ifPresentOrElse(
                reason -> r.putObject("incomplete_details").put("reason", reason),
                () -> r.putNull("incomplete_details"));
        request.instructions().ifPresentOrElse(i -> r.put("instructions", i), () -> r.putNull("instructions"));
        copy(echo, r, "max_output_tokens", "max_tool_calls");
        r.put("model", request.model());
        var out = r.putArray("output");
        output.forEach(item -> out.add(item.toJson()));
        copy(echo, r, "parallel_tool_calls");
        request.previousResponseId()
                .ifPresentOrElse(p -> r.put("previous_response_id", p), () -> r.putNull("previous_response_id"));
        copy(echo, r, "prompt_cache_key", "reasoning", "safety_identifier");
        r.put("service_tier", terminal() ? "default" : "auto");
        r.put("store", request.store());
        copy(echo, r, "temperature", "text");
        r.set("tool_choice", toolChoice());
        var tools = r.putArray("tools");
        request.imageTool().ifPresent(t -> tools.add(t.echo()));
        copy(echo, r, "top_logprobs", "top_p", "truncation");
        usage.ifPresentOrElse(u -> r.set("usage", usageJson(u)), () -> r.putNull("usage"));
        copy(echo, r, "user", "metadata");
        return r;
    }

    private JsonNode toolChoice() {
        return switch (request.toolChoice()) {
            case ToolChoice.Auto() -> Wire.MAPPER.getNodeFactory().stringNode("auto");
            case ToolChoice.None() -> Wire.MAPPER.getNodeFactory().stringNode("none");
            case ToolChoice.Required() -> Wire.MAPPER.getNodeFactory().stringNode("required");
            case ToolChoice.ImageGeneration() -> Wire.object().put("type", "image_generation");
        };
    }

    private static ObjectNode usageJson(Usage u) {
        ObjectNode o = Wire.object();
        o.put("input_tokens", u.inputTokens());
        o.putObject("input_tokens_details").put("cached_tokens", u.cachedTokens());
        o.put("output_tokens", u.outputTokens());
        o.putObject("output_tokens_details").put("reasoning_tokens", 0);
        o.put("total_tokens", u.inputTokens() + u.outputTokens());
        return o;
    }

    private static void copy(ObjectNode from, ObjectNode to, String... names) {
        for (String name : names) {
            JsonNode v = from.get(name);
            if (v == null) {
                to.putNull(name);
            } else {
                to.set(name, v);
            }
        }
    }
}
