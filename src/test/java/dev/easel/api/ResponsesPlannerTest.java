package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.tools.planner.ScriptedChatServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The planner loop on the wire: Easel talks to a scripted Chat Completions server (configured
 * through EASEL_PLANNER_* as a deployment would) and the test checks both sides: what the
 * Responses client gets and what the planner was sent.
 */
class ResponsesPlannerTest {
    private static final String KEY = "secret";
    private static final String CAT = "a cat in a hat, watercolor";
    private static final String BODY = """
            {"model": "gpt-4.1", "input": "draw me a cat", %s
             "tools": [{"type": "image_generation", "size": "64x64", "quality": "low"}]}""";

    static final ScriptedChatServer planner = startPlanner();

    @RegisterExtension
    static final TestServer server = TestServer.withPlanner(planner, Map.of("EASEL_PLANNER_API_KEY", KEY));

    @BeforeEach
    void resetPlanner() {
        planner.reset();
    }

    @AfterAll
    static void stopPlanner() {
        planner.close();
    }

    @Test
    void plannerToolCallMakesTheImageAndItsTextBecomesTheMessage() {
        planner.enqueue(
                ScriptedChatServer.toolCall("image_generation", "{\"prompt\":\"" + CAT + "\"}"),
                ScriptedChatServer.text("Here is your cat."));

        JsonNode response = create(BODY.formatted(""));

        assertThat(response.get("status").asString()).isEqualTo("completed");
        assertThat(response.get("model").asString()).isEqualTo("gpt-4.1");
        JsonNode output = response.get("output");
        assertThat(output.size()).isEqualTo(2);
        assertThat(output.get(0).get("type").asString()).isEqualTo("image_generation_call");
        assertThat(output.get(0).get("revised_prompt").asString()).isEqualTo(CAT);
        WireImages.assertImage(WireImages.base64(output.get(0).get("result").asString()), "png", 64, 64);
        assertThat(output.get(1).get("type").asString()).isEqualTo("message");
        assertThat(output.get(1).get("content").get(0).get("text").asString()).isEqualTo("Here is your cat.");
        JsonNode usage = response.get("usage");
        assertThat(usage.get("input_tokens").asInt())
                .as("planner prompt tokens 20 + 12")
                .isEqualTo(32);
        assertThat(usage.get("output_tokens").asInt())
                .as("planner 9 + 5, image 4")
                .isEqualTo(18);
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(50);

        List<ScriptedChatServer.Request> requests = planner.requests();
        assertThat(requests).hasSize(2);
        for (ScriptedChatServer.Request request : requests) {
            assertThat(request.method() + " " + request.path()).isEqualTo("POST /v1/chat/completions");
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
            JsonNode body = request.json();
            assertThat(body.get("model").asString()).isEqualTo("test-model");
            assertThat(body.get("tools").size())
                    .as("image_generation, and the exact chart that comes with it")
                    .isEqualTo(2);
            assertThat(body.get("tools").get(0).get("type").asString()).isEqualTo("function");
            assertThat(body.get("tools").get(0).get("function").get("name").asString())
                    .isEqualTo("image_generation");
            assertThat(body.get("tools").get(1).get("function").get("name").asString())
                    .isEqualTo("chart");
        }
        JsonNode firstMessages = requests.get(0).json().get("messages");
        assertThat(firstMessages.size()).isEqualTo(1);
        assertThat(firstMessages.get(0).get("role").asString()).isEqualTo("user");
        assertThat(firstMessages.get(0).get("content").asString()).isEqualTo("draw me a cat");
        JsonNode secondMessages = requests.get(1).json().get("messages");
        assertThat(secondMessages.size()).isEqualTo(3);
        JsonNode call = secondMessages.get(1).get("tool_calls").get(0);
        assertThat(secondMessages.get(1).get("role").asString()).isEqualTo("assistant");
        assertThat(call.get("function").get("name").asString()).isEqualTo("image_generation");
        JsonNode result = secondMessages.get(2);
        assertThat(result.get("role").asString()).isEqualTo("tool");
        assertThat(result.get("tool_call_id").asString())
                .isEqualTo(call.get("id").asString());
        assertThat(result.get("content").asString())
                .contains(output.get(0).get("id").asString());
    }

    @Test
    void streamedRunSendsThePlannersTextAsADelta() {
        planner.enqueue(
                ScriptedChatServer.toolCall("image_generation", "{\"prompt\":\"" + CAT + "\"}"),
                ScriptedChatServer.text("Here is your cat."));

        ResponseStream stream = ResponseStream.post(server, BODY.formatted("\"stream\": true,"));

        assertThat(stream.types())
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.image_generation_call.in_progress",
                        "response.image_generation_call.generating",
                        "response.image_generation_call.completed",
                        "response.output_item.done",
                        "response.output_item.added",
                        "response.content_part.added",
                        "response.output_text.delta",
                        "response.output_text.done",
                        "response.content_part.done",
                        "response.output_item.done",
                        "response.completed");
        stream.assertConsecutiveFrom(0);
        JsonNode delta = stream.event(9);
        assertThat(delta.get("delta").asString()).isEqualTo("Here is your cat.");
        assertThat(delta.get("output_index").asInt()).isEqualTo(1);
        assertThat(delta.get("item_id").asString())
                .isEqualTo(stream.event(7).get("item").get("id").asString());
        assertThat(stream.event(10).get("text").asString()).isEqualTo("Here is your cat.");
        assertThat(stream.event(6).get("item").get("revised_prompt").asString()).isEqualTo(CAT);
        assertThat(stream.body()).doesNotContain(KEY);
    }

    /**
     * OpenAI's rule for built-in tool calls beyond {@code max_tool_calls}: they are ignored and the
     * model answers. With no max_tool_calls Easel caps a turn at eight calls; the ninth round asks
     * the planner for its answer with tool_choice none, and the response completes.
     */
    @Test
    void plannerThatKeepsCallingToolsIsAskedToAnswerAfterEightCalls() {
        for (int i = 0; i < 8; i++) {
            planner.enqueue(ScriptedChatServer.toolCall("image_generation", "{\"prompt\":\"cat number " + i + "\"}"));
        }
        planner.enqueue(ScriptedChatServer.text("Eight cats."));

        JsonNode response = create(BODY.formatted(""));

        assertThat(response.get("status").asString()).isEqualTo("completed");
        assertThat(response.get("incomplete_details").isNull()).isTrue();
        assertThat(response.get("completed_at").isIntegralNumber()).isTrue();
        List<ScriptedChatServer.Request> requests = planner.requests();
        assertThat(requests).hasSize(9);
        for (int i = 0; i < 8; i++) {
            assertThat(requests.get(i).json().get("tool_choice").asString()).isEqualTo("auto");
        }
        assertThat(requests.get(8).json().get("tool_choice").asString()).isEqualTo("none");
        JsonNode output = response.get("output");
        assertThat(output.size()).isEqualTo(9);
        for (int i = 0; i < 8; i++) {
            assertThat(output.get(i).get("type").asString()).isEqualTo("image_generation_call");
            assertThat(output.get(i).get("revised_prompt").asString()).isEqualTo("cat number " + i);
        }
        assertThat(output.get(8).get("content").get(0).get("text").asString()).isEqualTo("Eight cats.");
    }

    /**
     * max_tool_calls 2 and a reply with three calls: two run, the third is answered "not run", and
     * the next round (tool_choice none) ends the turn; a tool call in that answer is ignored.
     */
    @Test
    void maxToolCallsCapsTheCallsAndTheRestAreIgnored() {
        planner.enqueue(ScriptedChatServer.message("""
                        {"role":"assistant","content":null,"tool_calls":[\
                        {"id":"call_a","type":"function","function":{"name":"image_generation","arguments":"{\\"prompt\\":\\"one\\"}"}},\
                        {"id":"call_b","type":"function","function":{"name":"image_generation","arguments":"{\\"prompt\\":\\"two\\"}"}},\
                        {"id":"call_c","type":"function","function":{"name":"image_generation","arguments":"{\\"prompt\\":\\"three\\"}"}}]}"""), ScriptedChatServer.message("""
                        {"role":"assistant","content":"Two cats.","tool_calls":[\
                        {"id":"call_d","type":"function","function":{"name":"image_generation","arguments":"{}"}}]}"""));

        JsonNode response = create(BODY.formatted("\"max_tool_calls\": 2,"));

        assertThat(response.get("status").asString()).isEqualTo("completed");
        assertThat(response.get("max_tool_calls").asInt()).isEqualTo(2);
        JsonNode output = response.get("output");
        assertThat(output.size()).isEqualTo(3);
        assertThat(output.get(0).get("revised_prompt").asString()).isEqualTo("one");
        assertThat(output.get(1).get("revised_prompt").asString()).isEqualTo("two");
        assertThat(output.get(2).get("content").get(0).get("text").asString()).isEqualTo("Two cats.");
        List<ScriptedChatServer.Request> requests = planner.requests();
        assertThat(requests).hasSize(2);
        JsonNode second = requests.get(1).json();
        assertThat(second.get("tool_choice").asString()).isEqualTo("none");
        JsonNode messages = second.get("messages");
        assertThat(messages.size()).isEqualTo(5);
        assertThat(messages.get(2).get("tool_call_id").asString()).isEqualTo("call_a");
        assertThat(messages.get(3).get("tool_call_id").asString()).isEqualTo("call_b");
        assertThat(messages.get(4).get("tool_call_id").asString()).isEqualTo("call_c");
        assertThat(messages.get(4).get("content").asString())
                .isEqualTo("not run: this response may make at most 2 tool calls; answer the user now");
    }

    @Test
    void maxToolCallsMustBeANonNegativeInteger() {
        ApiErrors.assertError(
                Wire.postJson(server, "/v1/responses", BODY.formatted("\"max_tool_calls\": -1,")),
                400,
                "invalid_request_error",
                "invalid_value",
                "max_tool_calls");
        ApiErrors.assertError(
                Wire.postJson(server, "/v1/responses", BODY.formatted("\"max_tool_calls\": \"two\",")),
                400,
                "invalid_request_error",
                "invalid_type",
                "max_tool_calls");
    }

    /** The error body echoes the key, as a careless upstream might: it must not reach the client. */
    @Test
    void plannerFailureEndsTheStreamWithErrorThenFailed() {
        planner.enqueue(
                ScriptedChatServer.status(500, "{\"error\":{\"message\":\"upstream broke; key " + KEY + "\"}}"));

        ResponseStream stream = ResponseStream.post(server, BODY.formatted("\"stream\": true,"));

        assertThat(stream.types())
                .containsExactly("response.created", "response.in_progress", "error", "response.failed");
        stream.assertConsecutiveFrom(0);
        JsonNode error = stream.event(2).get("error");
        assertThat(Set.copyOf(error.propertyNames())).isEqualTo(Set.of("type", "code", "message", "param"));
        assertThat(error.get("type").asString()).isEqualTo("server_error");
        assertThat(error.get("code").asString()).isEqualTo("server_error");
        assertThat(error.get("message").asString()).containsIgnoringCase("planner");
        assertThat(error.get("param").isNull()).isTrue();
        JsonNode failed = stream.finalResponse();
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("server_error");
        assertThat(failed.get("error").get("message").asString()).containsIgnoringCase("planner");
        assertThat(failed.get("output").size()).isZero();
        assertThat(stream.body()).doesNotContain(KEY);
        HttpResponse<String> stored =
                Wire.get(server, "/v1/responses/" + failed.get("id").asString());
        assertThat(Wire.json(stored.body())).isEqualTo(failed);
        assertThat(stored.body()).doesNotContain(KEY);
    }

    @Test
    void modelDirectBypassesTheConfiguredPlanner() {
        JsonNode response = create(BODY.formatted("").replace("gpt-4.1", "direct"));

        assertThat(response.get("status").asString()).isEqualTo("completed");
        assertThat(response.get("output").get(0).get("revised_prompt").asString())
                .isEqualTo("draw me a cat");
        assertThat(planner.requests()).isEmpty();
    }

    private static JsonNode create(String json) {
        HttpResponse<String> response = Wire.postJson(server, "/v1/responses", json);
        ApiErrors.assertWellBehaved(response);
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(KEY);
        return Wire.json(response.body());
    }

    private static ScriptedChatServer startPlanner() {
        try {
            return new ScriptedChatServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
