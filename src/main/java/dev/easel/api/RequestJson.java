package dev.easel.api;

import dev.easel.wire.ApiException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reader of request bodies. Its limits are checked by the tokenizer, before anything is built
 * from the body: nesting depth, the digits of one number, the characters of one string. A body
 * past one of them is a 400 that names the limit and its value. They are well below what the
 * store's mapper ({@code Wire.MAPPER}, Jackson's defaults) reads back, so anything a request
 * brings (the echoed {@code text}, {@code metadata}) can be stored, streamed and read again
 * inside a Response object, a few levels deeper than it came.
 */
final class RequestJson {
    /** Levels of objects and arrays; OpenAI's deepest structure (a JSON schema) needs a few dozen. */
    static final int MAX_DEPTH = 128;

    /** Characters of one number; a long (2^63) has 19 digits, a double about 25 characters. */
    static final int MAX_NUMBER_LENGTH = 100;

    /** Characters of one string (a data URL image is the longest); the body limit comes first by default. */
    static final int MAX_STRING_LENGTH = 100_000_000;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .build())
                    .build())
            .build();

    private RequestJson() {}

    /** The body as a tree (null for an empty body), or the 400 for JSON that cannot or may not be read. */
    static JsonNode read(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw overLimit(String.valueOf(e.getOriginalMessage()));
        } catch (JacksonException e) {
            throw ApiException.invalid(
                    null,
                    "invalid_json",
                    "We could not parse the JSON body of your request. "
                            + "(HINT: This likely means you aren't using your HTTP library correctly.)");
        }
    }

    private static ApiException overLimit(String jackson) {
        if (jackson.startsWith("Document nesting depth")) {
            return ApiException.invalid(
                    null,
                    "json_too_deep",
                    "The JSON body nests objects and arrays deeper than this server reads (at most " + MAX_DEPTH
                            + " levels).");
        }
        if (jackson.startsWith("Number value length")) {
            return ApiException.invalid(
                    null,
                    "json_number_too_long",
                    "The JSON body has a number longer than this server reads (at most " + MAX_NUMBER_LENGTH
                            + " characters).");
        }
        if (jackson.startsWith("String value length")) {
            return ApiException.invalid(
                    null,
                    "json_string_too_long",
                    "The JSON body has a string longer than this server reads (at most " + MAX_STRING_LENGTH
                            + " characters).");
        }
        return ApiException.invalid(
                null, "invalid_json", "The JSON body is past a limit of this server's JSON reader.");
    }
}
