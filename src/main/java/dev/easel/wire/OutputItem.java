package dev.easel.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An item of a Response's {@code output}, in OpenAI's key order. A new kind of item is one more
 * record here; every switch over the family is exhaustive, so the compiler finds each place that
 * must handle it.
 */
@JsonTypeInfo(
        use = JsonTypeInfo.Id.NAME,
        include = JsonTypeInfo.As.EXISTING_PROPERTY,
        property = "type",
        visible = false)
@JsonSubTypes({
    @JsonSubTypes.Type(value = OutputItem.ImageGenerationCall.class, name = "image_generation_call"),
    @JsonSubTypes.Type(value = OutputItem.Message.class, name = "message"),
    @JsonSubTypes.Type(value = OutputItem.McpListTools.class, name = "mcp_list_tools"),
    @JsonSubTypes.Type(value = OutputItem.McpCall.class, name = "mcp_call"),
    @JsonSubTypes.Type(value = OutputItem.McpApprovalRequest.class, name = "mcp_approval_request"),
    @JsonSubTypes.Type(value = OutputItem.WebSearchCall.class, name = "web_search_call")
})
public sealed interface OutputItem {
    String id();

    /** The item's {@code type} on the wire. */
    @JsonProperty("type")
    String type();

    /**
     * The item's {@code status}. Kinds whose wire form has none (MCP tool listings and approval
     * requests) answer from their content and do not serialize it.
     */
    ItemStatus status();

    /**
     * An {@code image_generation_call}. Fields other than {@code id}, {@code status} and
     * {@code result} are omitted until the image has been planned (as in OpenAI's
     * {@code output_item.added}); {@code result} is null until the image exists; {@code error}
     * is present only on a failed call; {@code easel_chart} (an Easel extension) only on an exact
     * chart: the arguments it was drawn from.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({
        "id",
        "type",
        "status",
        "background",
        "output_format",
        "quality",
        "result",
        "revised_prompt",
        "size",
        "action",
        "error",
        "easel_chart"
    })
    record ImageGenerationCall(
            String id,
            ItemStatus status,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> background,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> outputFormat,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> quality,
            Optional<String> result,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> revisedPrompt,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> size,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> action,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<ErrorObject> error,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<JsonNode> easelChart)
            implements OutputItem {
        public ImageGenerationCall {
            easelChart = easelChart == null ? Optional.empty() : easelChart.filter(n -> !n.isNull());
        }

        /** The call as {@code output_item.added} shows it: in progress, nothing planned yet. */
        public static ImageGenerationCall started(String id) {
            return new ImageGenerationCall(
                    id,
                    ItemStatus.IN_PROGRESS,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
        }

        /** A call that failed: its error, nothing else planned or made. */
        public static ImageGenerationCall failed(String id, ErrorObject error) {
            return new ImageGenerationCall(
                    id,
                    ItemStatus.FAILED,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(error),
                    Optional.empty());
        }

        @Override
        public String type() {
            return "image_generation_call";
        }
    }

    /** An assistant {@code message}. */
    @JsonPropertyOrder({"id", "type", "status", "content", "role"})
    @JsonIgnoreProperties(
            value = {"role"},
            allowGetters = true)
    record Message(String id, ItemStatus status, List<OutputText> content) implements OutputItem {
        public Message {
            content = List.copyOf(content);
        }

        /** The message as {@code output_item.added} shows it: in progress, no content yet. */
        public static Message started(String id) {
            return new Message(id, ItemStatus.IN_PROGRESS, List.of());
        }

        /** A finished message with one {@code output_text} part. */
        public static Message completed(String id, String text) {
            return new Message(id, ItemStatus.COMPLETED, List.of(OutputText.of(text)));
        }

        @Override
        public String type() {
            return "message";
        }

        @JsonProperty("role")
        public String role() {
            return "assistant";
        }

        /** The text of all its parts. */
        public String text() {
            return String.join("", content.stream().map(OutputText::text).toList());
        }
    }

    /** An {@code output_text} content part (no annotations or log probabilities from Easel). */
    @JsonPropertyOrder({"type", "annotations", "logprobs", "text"})
    @JsonIgnoreProperties(
            value = {"type"},
            allowGetters = true)
    record OutputText(List<UrlCitation> annotations, List<Object> logprobs, String text) {
        public OutputText {
            annotations = List.copyOf(annotations);
            logprobs = List.copyOf(logprobs);
        }

        public static OutputText of(String text) {
            return new OutputText(List.of(), List.of(), text);
        }

        /** A text with its citations. */
        public static OutputText cited(String text, List<UrlCitation> annotations) {
            return new OutputText(annotations, List.of(), text);
        }

        @JsonProperty("type")
        public String type() {
            return "output_text";
        }
    }

    /**
     * {@code mcp_list_tools}: the tools a server offered, as the planner saw them. Announced with
     * no tools, finished with the list, or with {@code error} when listing failed.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"id", "type", "server_label", "tools", "error"})
    record McpListTools(
            String id,
            String serverLabel,
            List<McpToolInfo> tools,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> error)
            implements OutputItem {
        public McpListTools {
            tools = List.copyOf(tools);
        }

        @Override
        public String type() {
            return "mcp_list_tools";
        }

        @Override
        public ItemStatus status() {
            return error.isPresent() ? ItemStatus.FAILED : ItemStatus.COMPLETED;
        }
    }

    /** One tool of an {@code mcp_list_tools} item; the annotations are the server's untrusted hints. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"name", "description", "input_schema", "annotations"})
    record McpToolInfo(
            String name, Optional<String> description, JsonNode inputSchema, Optional<JsonNode> annotations) {}

    /**
     * {@code mcp_call}: one call of a server's tool. {@code arguments} is the JSON text the planner
     * wrote; {@code output} the tool's result as text; {@code error} why it failed.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({
        "id",
        "type",
        "status",
        "approval_request_id",
        "arguments",
        "error",
        "name",
        "output",
        "server_label"
    })
    record McpCall(
            String id,
            ItemStatus status,
            Optional<String> approvalRequestId,
            String arguments,
            Optional<McpToolError> error,
            String name,
            Optional<String> output,
            String serverLabel)
            implements OutputItem {
        @Override
        public String type() {
            return "mcp_call";
        }
    }

    /** {@code mcp_approval_request}: a call that waits for the client's {@code mcp_approval_response}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"id", "type", "arguments", "name", "server_label"})
    record McpApprovalRequest(String id, String arguments, String name, String serverLabel) implements OutputItem {
        @Override
        public String type() {
            return "mcp_approval_request";
        }

        @Override
        public ItemStatus status() {
            return ItemStatus.COMPLETED;
        }
    }

    /**
     * A {@code url_citation} annotation: the span {@code [start_index, end_index)} of the text
     * (character offsets) that cites {@code url}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(
            value = {"type"},
            allowGetters = true)
    @JsonPropertyOrder({"type", "end_index", "start_index", "title", "url"})
    record UrlCitation(int endIndex, int startIndex, String title, String url) {
        public UrlCitation {
            if (startIndex < 0 || endIndex < startIndex) {
                throw new IllegalArgumentException("a citation spans [start, end) with 0 <= start <= end");
            }
        }

        @JsonProperty("type")
        public String type() {
            return "url_citation";
        }
    }

    /**
     * {@code web_search_call}: one search (or page read). Its {@code action} is always present, as
     * the SDKs' type requires (OpenAI's own {@code output_item.added} omits it).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"id", "type", "status", "action"})
    record WebSearchCall(String id, ItemStatus status, WebSearchAction action) implements OutputItem {
        @Override
        public String type() {
            return "web_search_call";
        }
    }

    /** What a web_search_call did: searched (with the sources when the request includes them) or opened a page. */
    @JsonTypeInfo(
            use = JsonTypeInfo.Id.NAME,
            include = JsonTypeInfo.As.EXISTING_PROPERTY,
            property = "type",
            visible = false)
    @JsonSubTypes({
        @JsonSubTypes.Type(value = WebSearchAction.Search.class, name = "search"),
        @JsonSubTypes.Type(value = WebSearchAction.OpenPage.class, name = "open_page")
    })
    sealed interface WebSearchAction {
        @JsonProperty("type")
        String type();

        @JsonPropertyOrder({"type", "query", "sources"})
        record Search(
                String query,
                @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<List<Source>> sources)
                implements WebSearchAction {
            @Override
            public String type() {
                return "search";
            }
        }

        @JsonPropertyOrder({"type", "url"})
        record OpenPage(String url) implements WebSearchAction {
            @Override
            public String type() {
                return "open_page";
            }
        }

        @JsonPropertyOrder({"type", "url"})
        @JsonIgnoreProperties(
                value = {"type"},
                allowGetters = true)
        record Source(String url) {
            @JsonProperty("type")
            public String type() {
                return "url";
            }
        }
    }
}
