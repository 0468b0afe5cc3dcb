package dev.easel.responses;

import dev.easel.json.Wire;
import dev.easel.wire.OutputItem;
import dev.easel.wire.ResponseError;
import dev.easel.wire.ResponseObject;
import dev.easel.wire.ResponseStatus;
import dev.easel.wire.ToolChoice;
import dev.easel.wire.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A response while it runs: status, output items, usage, error. {@link #snapshot()} renders the
 * Response object. Mutated only by the response's run thread; snapshots are taken on that thread
 * and published through the event log and the store.
 */
final class ResponseState {
    final String id;
    final long createdAt;
    final CreateResponse request;
    /** The id of the API key that made the response ("" without keys). */
    final String owner;

    ResponseStatus status;
    Optional<Long> completedAt = Optional.empty();
    Optional<ResponseError> error = Optional.empty();
    final List<OutputItem> output = new ArrayList<>();
    Optional<Usage> usage = Optional.empty();

    ResponseState(String id, long createdAt, CreateResponse request, String owner) {
        this.id = id;
        this.createdAt = createdAt;
        this.request = request;
        this.owner = owner;
        this.status = request.background() ? ResponseStatus.QUEUED : ResponseStatus.IN_PROGRESS;
    }

    ResponseObject snapshot() {
        ObjectNode echo = request.echo();
        return new ResponseObject(
                id,
                createdAt,
                status,
                request.background(),
                completedAt,
                error,
                // A turn always ends with a message (the tool-call cap makes the planner answer), so no
                // response ends incomplete; a cancelled one says so in its status, without details.
                Optional.empty(),
                request.instructions(),
                echo(echo, "max_output_tokens"),
                echo(echo, "max_tool_calls"),
                request.model(),
                output,
                echo(echo, "parallel_tool_calls"),
                request.previousResponseId(),
                echo(echo, "prompt_cache_key"),
                echo(echo, "reasoning"),
                echo(echo, "safety_identifier"),
                status.terminal() ? "default" : "auto",
                request.store(),
                echo(echo, "temperature"),
                echo(echo, "text"),
                toolChoice(),
                request.tools().stream()
                        .<JsonNode>map(dev.easel.wire.ToolSpec::echo)
                        .toList(),
                echo(echo, "top_logprobs"),
                echo(echo, "top_p"),
                echo(echo, "truncation"),
                usage,
                echo(echo, "user"),
                echo(echo, "metadata"));
    }

    private JsonNode toolChoice() {
        return switch (request.toolChoice()) {
            case ToolChoice.Auto() -> Wire.MAPPER.getNodeFactory().stringNode("auto");
            case ToolChoice.None() -> Wire.MAPPER.getNodeFactory().stringNode("none");
            case ToolChoice.Required() -> Wire.MAPPER.getNodeFactory().stringNode("required");
            case ToolChoice.ImageGeneration() -> Wire.object().put("type", "image_generation");
            case ToolChoice.WebSearch(String type) -> Wire.object().put("type", type);
            case ToolChoice.Mcp(String label, java.util.Optional<String> name) -> {
                ObjectNode o = Wire.object().put("type", "mcp").put("server_label", label);
                name.ifPresentOrElse(n -> o.put("name", n), () -> o.putNull("name"));
                yield o;
            }
        };
    }

    private static JsonNode echo(ObjectNode from, String name) {
        JsonNode v = from.get(name);
        return v == null ? Wire.MAPPER.getNodeFactory().nullNode() : v;
    }
}
