package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every malformed request is refused before anything runs, with OpenAI's error object naming the field. */
class ResponsesValidationTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static final String TOOL = "{\"type\": \"image_generation\", \"size\": \"64x64\"}";

    static Stream<Arguments> malformed() {
        String seventeen =
                IntStream.range(0, 17).mapToObj(i -> "\"k" + i + "\": \"v\"").collect(Collectors.joining(", "));
        return Stream.of(
                Arguments.of("missing model", "{\"input\": \"a fox\"}", "missing_required_parameter", "model"),
                Arguments.of(
                        "input of the wrong type", "{\"model\": \"gpt-4.1\", \"input\": 42}", "invalid_value", "input"),
                Arguments.of(
                        "bad role",
                        "{\"model\": \"gpt-4.1\", \"input\": [{\"role\": \"robot\", \"content\": \"hi\"}]}",
                        "invalid_value",
                        "input[0].role"),
                Arguments.of(
                        "unknown content part",
                        "{\"model\": \"gpt-4.1\", \"input\": [{\"role\": \"user\", \"content\": [{\"type\": \"input_video\"}]}]}",
                        "invalid_value",
                        "input[0].content[0].type"),
                Arguments.of(
                        "image_url neither data nor http(s)",
                        "{\"model\": \"gpt-4.1\", \"input\": [{\"role\": \"user\","
                                + " \"content\": [{\"type\": \"input_image\", \"image_url\": \"ftp://example.com/a.png\"}]}]}",
                        "invalid_image_url",
                        "input[0].content[0].image_url"),
                Arguments.of(
                        "unsupported tool",
                        "{\"model\": \"gpt-4.1\", \"input\": \"a fox\", \"tools\": [{\"type\": \"file_search\"}]}",
                        "unsupported_value",
                        "tools[0].type"),
                Arguments.of("bad size", tool("\"size\": \"abc\""), "invalid_value", "tools[0].size"),
                Arguments.of(
                        "bad output_format",
                        tool("\"output_format\": \"bmp\""),
                        "invalid_value",
                        "tools[0].output_format"),
                Arguments.of(
                        "partial_images out of range",
                        tool("\"partial_images\": 4"),
                        "invalid_value",
                        "tools[0].partial_images"),
                Arguments.of(
                        "unknown background",
                        tool("\"background\": \"clear\""),
                        "invalid_value",
                        "tools[0].background"),
                Arguments.of("unknown tool field", tool("\"colour\": \"red\""), "unknown_parameter", "tools[0].colour"),
                Arguments.of(
                        "bad tool_choice",
                        "{\"model\": \"gpt-4.1\", \"input\": \"a fox\", \"tools\": [" + TOOL + "],"
                                + " \"tool_choice\": \"sometimes\"}",
                        "invalid_value",
                        "tool_choice"),
                Arguments.of(
                        "tool_choice without its tool",
                        "{\"model\": \"gpt-4.1\", \"input\": \"a fox\","
                                + " \"tool_choice\": {\"type\": \"image_generation\"}}",
                        "invalid_value",
                        "tool_choice"),
                Arguments.of(
                        "background without store",
                        "{\"model\": \"gpt-4.1\", \"input\": \"a fox\", \"background\": true," + " \"store\": false}",
                        "invalid_value",
                        "background"),
                Arguments.of(
                        "17 metadata pairs",
                        "{\"model\": \"gpt-4.1\", \"input\": \"a fox\", \"metadata\": {" + seventeen + "}}",
                        "invalid_value",
                        "metadata"),
                Arguments.of(
                        "unknown top-level field",
                        "{\"model\": \"gpt-4.1\", \"input\": \"a fox\", \"colour\": \"red\"}",
                        "unknown_parameter",
                        "colour"),
                Arguments.of("invalid JSON", "{\"model\": \"gpt-4.1\", \"input\": ", "invalid_json", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedRequestIsA400NamingTheField(String what, String body, String code, String param) {
        ApiErrors.assertError(Wire.postJson(server, "/v1/responses", body), 400, "invalid_request_error", code, param);
        ApiErrors.assertError(
                Wire.postJson(server, "/v1/responses", streamed(body)), 400, "invalid_request_error", code, param);
    }

    @Test
    void unknownResponseIsA404ForGetDeleteCancelAndInputItems() {
        String path = "/v1/responses/resp_doesnotexist";
        JsonNode error = ApiErrors.assertError(Wire.get(server, path), 404, "invalid_request_error", null, null);
        assertThat(error.get("message").asString()).isEqualTo("Response with id 'resp_doesnotexist' not found.");
        ApiErrors.assertError(
                Wire.send(HttpRequest.newBuilder(server.uri(path)).DELETE().build()),
                404,
                "invalid_request_error",
                null,
                null);
        ApiErrors.assertError(Wire.postJson(server, path + "/cancel", ""), 404, "invalid_request_error", null, null);
        ApiErrors.assertError(Wire.get(server, path + "/input_items"), 404, "invalid_request_error", null, null);
        ApiErrors.assertError(Wire.get(server, path + "?stream=true"), 404, "invalid_request_error", null, null);
    }

    @Test
    void cancelOfAResponseThatIsNotInTheBackgroundIsA400() {
        String id = create("{\"model\": \"gpt-4.1\", \"input\": \"a fox\", \"tools\": [" + TOOL + "]}")
                .get("id")
                .asString();

        ApiErrors.assertError(
                Wire.postJson(server, "/v1/responses/" + id + "/cancel", ""),
                400,
                "invalid_request_error",
                "invalid_value",
                null);
        assertThat(create(Wire.get(server, "/v1/responses/" + id)).get("status").asString())
                .isEqualTo("completed");
    }

    @Test
    void inputItemsLimitOutsideOneToAHundredIsA400() {
        String id = create("{\"model\": \"gpt-4.1\", \"input\": \"a fox\", \"tools\": [" + TOOL + "]}")
                .get("id")
                .asString();

        for (String limit : new String[] {"0", "101", "ten"}) {
            ApiErrors.assertError(
                    Wire.get(server, "/v1/responses/" + id + "/input_items?limit=" + limit),
                    400,
                    "invalid_request_error",
                    "invalid_value",
                    "limit");
        }
        ApiErrors.assertError(
                Wire.get(server, "/v1/responses/" + id + "/input_items?order=up"),
                400,
                "invalid_request_error",
                "invalid_value",
                "order");
        assertThat(create(Wire.get(server, "/v1/responses/" + id + "/input_items?limit=100"))
                        .get("data")
                        .size())
                .isEqualTo(1);
    }

    @Test
    void unstoredResponseIsServedThenGone() {
        JsonNode response =
                create("{\"model\": \"gpt-4.1\", \"input\": \"a fox\", \"store\": false, \"tools\": [" + TOOL + "]}");

        assertThat(response.get("status").asString()).isEqualTo("completed");
        assertThat(response.get("store").asBoolean()).isFalse();
        WireImages.assertImage(
                WireImages.base64(response.get("output").get(0).get("result").asString()), "png", 64, 64);
        String id = response.get("id").asString();
        ApiErrors.assertError(Wire.get(server, "/v1/responses/" + id), 404, "invalid_request_error", null, null);
        ApiErrors.assertError(
                Wire.postJson(server, "/v1/responses", """
                {"model": "gpt-4.1", "input": "again", "previous_response_id": "%s"}""".formatted(id)),
                400,
                "invalid_request_error",
                "previous_response_not_found",
                "previous_response_id");
    }

    private static String tool(String field) {
        return "{\"model\": \"gpt-4.1\", \"input\": \"a fox\", \"tools\": [{\"type\": \"image_generation\", " + field
                + "}]}";
    }

    /** The same body asking for a stream: validation errors come before the stream, as plain JSON. */
    private static String streamed(String body) {
        return body.startsWith("{\"model\"") && body.endsWith("}") ? "{\"stream\": true, " + body.substring(1) : body;
    }

    private static JsonNode create(String json) {
        return create(Wire.postJson(server, "/v1/responses", json));
    }

    private static JsonNode create(HttpResponse<String> response) {
        ApiErrors.assertWellBehaved(response);
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
        return Wire.json(response.body());
    }
}
