package dev.easel.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Every Responses stream event Easel emits: one record per OpenAI event type, each
 * {@link #type()} a member of the official SDKs' {@code ResponseStreamEvent} union (a test reads
 * the union from the pinned npm package). The event log serializes a record as {@code {"type",
 * "sequence_number", …its fields in order}}. A new kind of event is one more record here.
 */
public sealed interface ResponseEvent {
    /** The event's {@code type} on the wire (written by the event log, not a field of the record). */
    @JsonIgnore
    String type();

    /** The events that carry the whole Response snapshot. */
    sealed interface Lifecycle extends ResponseEvent {
        ResponseObject response();
    }

    /** Events about one output item, which carry its {@code output_index} and {@code item_id}. */
    sealed interface ItemEvent extends ResponseEvent {
        int outputIndex();

        String itemId();
    }

    record Created(ResponseObject response) implements Lifecycle {
        @Override
        public String type() {
            return "response.created";
        }
    }

    record Queued(ResponseObject response) implements Lifecycle {
        @Override
        public String type() {
            return "response.queued";
        }
    }

    record InProgress(ResponseObject response) implements Lifecycle {
        @Override
        public String type() {
            return "response.in_progress";
        }
    }

    record Completed(ResponseObject response) implements Lifecycle {
        @Override
        public String type() {
            return "response.completed";
        }
    }

    record Failed(ResponseObject response) implements Lifecycle {
        @Override
        public String type() {
            return "response.failed";
        }
    }

    /**
     * Ends a response that stopped early; for Easel, a cancelled one (the SDKs' event unions have
     * no {@code response.cancelled}; the snapshot's status says {@code cancelled}).
     */
    record Incomplete(ResponseObject response) implements Lifecycle {
        @Override
        public String type() {
            return "response.incomplete";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record OutputItemAdded(int outputIndex, OutputItem item) implements ResponseEvent {
        @Override
        public String type() {
            return "response.output_item.added";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record OutputItemDone(int outputIndex, OutputItem item) implements ResponseEvent {
        @Override
        public String type() {
            return "response.output_item.done";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id", "content_index", "part"})
    record ContentPartAdded(int outputIndex, String itemId, int contentIndex, OutputItem.OutputText part)
            implements ItemEvent {
        @Override
        public String type() {
            return "response.content_part.added";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id", "content_index", "part"})
    record ContentPartDone(int outputIndex, String itemId, int contentIndex, OutputItem.OutputText part)
            implements ItemEvent {
        @Override
        public String type() {
            return "response.content_part.done";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id", "content_index", "delta", "logprobs"})
    record OutputTextDelta(int outputIndex, String itemId, int contentIndex, String delta, List<Object> logprobs)
            implements ItemEvent {
        public OutputTextDelta(int outputIndex, String itemId, int contentIndex, String delta) {
            this(outputIndex, itemId, contentIndex, delta, List.of());
        }

        @Override
        public String type() {
            return "response.output_text.delta";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id", "content_index", "text", "logprobs"})
    record OutputTextDone(int outputIndex, String itemId, int contentIndex, String text, List<Object> logprobs)
            implements ItemEvent {
        public OutputTextDone(int outputIndex, String itemId, int contentIndex, String text) {
            this(outputIndex, itemId, contentIndex, text, List.of());
        }

        @Override
        public String type() {
            return "response.output_text.done";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id"})
    record ImageGenerationCallInProgress(int outputIndex, String itemId) implements ItemEvent {
        @Override
        public String type() {
            return "response.image_generation_call.in_progress";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id"})
    record ImageGenerationCallGenerating(int outputIndex, String itemId) implements ItemEvent {
        @Override
        public String type() {
            return "response.image_generation_call.generating";
        }
    }

    /**
     * A real intermediate state of the diffusion run, with the settings it is made with (size,
     * quality, background, output_format, as OpenAI's partial images carry them).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({
        "output_index",
        "item_id",
        "partial_image_index",
        "partial_image_b64",
        "size",
        "quality",
        "background",
        "output_format"
    })
    record ImageGenerationCallPartialImage(
            int outputIndex,
            String itemId,
            int partialImageIndex,
            String partialImageB64,
            String size,
            String quality,
            String background,
            String outputFormat)
            implements ItemEvent {
        @Override
        public String type() {
            return "response.image_generation_call.partial_image";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id"})
    record ImageGenerationCallCompleted(int outputIndex, String itemId) implements ItemEvent {
        @Override
        public String type() {
            return "response.image_generation_call.completed";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id"})
    record McpListToolsInProgress(int outputIndex, String itemId) implements ItemEvent {
        @Override
        public String type() {
            return "response.mcp_list_tools.in_progress";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id"})
    record McpListToolsCompleted(int outputIndex, String itemId) implements ItemEvent {
        @Override
        public String type() {
            return "response.mcp_list_tools.completed";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id"})
    record McpListToolsFailed(int outputIndex, String itemId) implements ItemEvent {
        @Override
        public String type() {
            return "response.mcp_list_tools.failed";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id"})
    record McpCallInProgress(int outputIndex, String itemId) implements ItemEvent {
        @Override
        public String type() {
            return "response.mcp_call.in_progress";
        }
    }

    /** A fragment of the call's arguments (JSON text) as the planner writes them. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id", "delta"})
    record McpCallArgumentsDelta(int outputIndex, String itemId, String delta) implements ItemEvent {
        @Override
        public String type() {
            return "response.mcp_call_arguments.delta";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id", "arguments"})
    record McpCallArgumentsDone(int outputIndex, String itemId, String arguments) implements ItemEvent {
        @Override
        public String type() {
            return "response.mcp_call_arguments.done";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id"})
    record McpCallCompleted(int outputIndex, String itemId) implements ItemEvent {
        @Override
        public String type() {
            return "response.mcp_call.completed";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id"})
    record McpCallFailed(int outputIndex, String itemId) implements ItemEvent {
        @Override
        public String type() {
            return "response.mcp_call.failed";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id"})
    record WebSearchCallInProgress(int outputIndex, String itemId) implements ItemEvent {
        @Override
        public String type() {
            return "response.web_search_call.in_progress";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id"})
    record WebSearchCallSearching(int outputIndex, String itemId) implements ItemEvent {
        @Override
        public String type() {
            return "response.web_search_call.searching";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id"})
    record WebSearchCallCompleted(int outputIndex, String itemId) implements ItemEvent {
        @Override
        public String type() {
            return "response.web_search_call.completed";
        }
    }

    /** A citation of an output_text part, sent right after the delta that completed the cited span. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"output_index", "item_id", "content_index", "annotation_index", "annotation"})
    record OutputTextAnnotationAdded(
            int outputIndex, String itemId, int contentIndex, int annotationIndex, OutputItem.UrlCitation annotation)
            implements ItemEvent {
        @Override
        public String type() {
            return "response.output_text.annotation.added";
        }
    }

    /**
     * A failure after the stream started: OpenAI's nested error object, and its code, message and
     * param at the top level as the SDKs' {@code ResponseErrorEvent} reads them.
     */
    @JsonPropertyOrder({"error", "code", "message", "param"})
    record Error(ErrorObject error) implements ResponseEvent {
        @Override
        public String type() {
            return "error";
        }

        @JsonProperty("code")
        public Optional<String> code() {
            return error.code();
        }

        @JsonProperty("message")
        public String message() {
            return error.message();
        }

        @JsonProperty("param")
        public Optional<String> param() {
            return error.param();
        }
    }
}
