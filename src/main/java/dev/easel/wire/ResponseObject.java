package dev.easel.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.node.NullNode;

/**
 * The Response object (spec 1.3) in OpenAI's key order: what create, retrieve, cancel and the
 * lifecycle events return. Fields Easel decides are typed; fields the request set and the
 * response echoes (sampling settings, text format, metadata, …) are carried as the JSON the
 * request parser normalised.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(
        value = {"object"},
        allowGetters = true)
@JsonPropertyOrder({
    "id",
    "object",
    "created_at",
    "status",
    "background",
    "completed_at",
    "error",
    "incomplete_details",
    "instructions",
    "max_output_tokens",
    "max_tool_calls",
    "model",
    "output",
    "parallel_tool_calls",
    "previous_response_id",
    "prompt_cache_key",
    "reasoning",
    "safety_identifier",
    "service_tier",
    "store",
    "temperature",
    "text",
    "tool_choice",
    "tools",
    "top_logprobs",
    "top_p",
    "truncation",
    "usage",
    "user",
    "metadata"
})
public record ResponseObject(
        String id,
        long createdAt,
        ResponseStatus status,
        boolean background,
        Optional<Long> completedAt,
        Optional<ResponseError> error,
        Optional<IncompleteDetails> incompleteDetails,
        Optional<String> instructions,
        JsonNode maxOutputTokens,
        JsonNode maxToolCalls,
        String model,
        List<OutputItem> output,
        JsonNode parallelToolCalls,
        Optional<String> previousResponseId,
        JsonNode promptCacheKey,
        JsonNode reasoning,
        JsonNode safetyIdentifier,
        String serviceTier,
        boolean store,
        JsonNode temperature,
        JsonNode text,
        JsonNode toolChoice,
        List<JsonNode> tools,
        JsonNode topLogprobs,
        JsonNode topP,
        JsonNode truncation,
        Optional<Usage> usage,
        JsonNode user,
        JsonNode metadata) {

    /** Reads a snapshot this process stored. */
    public static ResponseObject read(String json) {
        return dev.easel.json.Wire.MAPPER.readValue(json, ResponseObject.class);
    }

    /** The same snapshot with another status (and error). */
    public ResponseObject ended(ResponseStatus newStatus, Optional<ResponseError> newError) {
        return new ResponseObject(
                id,
                createdAt,
                newStatus,
                background,
                completedAt,
                newError,
                incompleteDetails,
                instructions,
                maxOutputTokens,
                maxToolCalls,
                model,
                output,
                parallelToolCalls,
                previousResponseId,
                promptCacheKey,
                reasoning,
                safetyIdentifier,
                "default",
                store,
                temperature,
                text,
                toolChoice,
                tools,
                topLogprobs,
                topP,
                truncation,
                usage,
                user,
                metadata);
    }

    /** Absent lists and echoed fields (a snapshot stored by an older version) read as empty and null. */
    public ResponseObject {
        output = output == null ? List.of() : List.copyOf(output);
        tools = tools == null ? List.of() : List.copyOf(tools);
        maxOutputTokens = orNull(maxOutputTokens);
        maxToolCalls = orNull(maxToolCalls);
        parallelToolCalls = orNull(parallelToolCalls);
        promptCacheKey = orNull(promptCacheKey);
        reasoning = orNull(reasoning);
        safetyIdentifier = orNull(safetyIdentifier);
        temperature = orNull(temperature);
        text = orNull(text);
        toolChoice = orNull(toolChoice);
        topLogprobs = orNull(topLogprobs);
        topP = orNull(topP);
        truncation = orNull(truncation);
        user = orNull(user);
        metadata = orNull(metadata);
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null ? NullNode.getInstance() : node;
    }

    @JsonProperty("object")
    public String object() {
        return "response";
    }

    /** {@code incomplete_details}: why a response stopped early. */
    public record IncompleteDetails(Reason reason) {
        /**
         * The reasons the SDKs accept (they validate it as an enum): OpenAI ends a response
         * incomplete at {@code max_output_tokens} or a content filter, never at
         * {@code max_tool_calls}, whose extra calls are ignored.
         */
        public enum Reason {
            MAX_OUTPUT_TOKENS,
            CONTENT_FILTER;

            @JsonValue
            public String wire() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }
}
