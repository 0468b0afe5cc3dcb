package dev.easel.api;

import static dev.easel.api.PlannedTurns.startPlanner;
import static dev.easel.api.PlannedTurns.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.tools.mcp.EverythingServer;
import dev.easel.tools.planner.ScriptedChatServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The {@code mcp} tool end to end: Easel connects to a real MCP server (npm
 * {@code @modelcontextprotocol/server-everything}, Streamable HTTP, allow-listed on loopback) while a
 * scripted Chat Completions planner decides the calls; the test checks the Responses client's side
 * (items, exact event sequences, errors) and what the planner was shown.
 */
class McpResponsesTest {
    static final EverythingServer everything = EverythingServer.start(EverythingServer.Mode.STREAMABLE_HTTP);
    /** The same server speaking only the legacy HTTP+SSE transport (at /sse). */
    static final EverythingServer legacy = EverythingServer.start(EverythingServer.Mode.SSE);

    static final ScriptedChatServer planner = startPlanner();
    /** A loopback port nothing listens on, allow-listed: a server that is down. */
    static final int DOWN_PORT = freePort();

    @RegisterExtension
    static final TestServer server = TestServer.withPlanner(
            planner,
            Map.of(
                    "EASEL_URL_ALLOW",
                    everything.allowEntry() + "," + legacy.allowEntry() + ",127.0.0.1:" + DOWN_PORT,
                    "EASEL_MCP_CALL_TIMEOUT_SECONDS",
                    "2"));

    private static final String IMAGE_TOOL =
            "{\"type\": \"image_generation\", \"size\": \"64x64\", \"quality\": \"low\"}";

    @BeforeEach
    void resetPlanner() {
        planner.reset();
    }

    @AfterAll
    static void stop() {
        planner.close();
        everything.close();
        legacy.close();
    }

    @Test
    void approvalRoundTripStreamsOpenAisEventsAndTheImageUsesTheToolsOutput() {
        String tools = "[" + mcp("\"allowed_tools\": [\"echo\"]") + ", " + IMAGE_TOOL + "]";
        planner.enqueue(ScriptedChatServer.toolCall("everything__echo", "{\"message\":\"lemon tart\"}"));

        ResponseStream first =
                ResponseStream.post(server, body("\"draw a poster of the echo\"", tools, "\"stream\": true"));

        assertThat(first.types())
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.mcp_list_tools.in_progress",
                        "response.mcp_list_tools.completed",
                        "response.output_item.done",
                        "response.output_item.added",
                        "response.output_item.done",
                        "response.completed");
        first.assertConsecutiveFrom(0);
        JsonNode listAdded = first.event(2).get("item");
        assertThat(listAdded.get("type").asString()).isEqualTo("mcp_list_tools");
        assertThat(listAdded.get("tools").size()).isZero();
        JsonNode listing = first.event(5).get("item");
        assertThat(listing.get("id").asString())
                .startsWith("mcpl_")
                .isEqualTo(listAdded.get("id").asString());
        assertThat(listing.get("server_label").asString()).isEqualTo("everything");
        assertThat(listing.get("tools")).hasSize(1);
        JsonNode echo = listing.get("tools").get(0);
        assertThat(echo.get("name").asString()).isEqualTo("echo");
        assertThat(echo.get("input_schema").get("properties").has("message")).isTrue();
        assertThat(echo.get("annotations").get("readOnlyHint").asBoolean()).isTrue();
        assertThat(first.event(3).get("item_id").asString())
                .isEqualTo(listing.get("id").asString());
        assertThat(first.event(3).get("output_index").asInt()).isZero();
        JsonNode request = first.event(7).get("item");
        assertThat(first.event(6).get("item")).isEqualTo(request);
        assertThat(request.get("type").asString()).isEqualTo("mcp_approval_request");
        assertThat(request.get("id").asString()).startsWith("mcpr_");
        assertThat(request.get("name").asString()).isEqualTo("echo");
        assertThat(request.get("server_label").asString()).isEqualTo("everything");
        assertThat(Wire.json(request.get("arguments").asString()).get("message").asString())
                .isEqualTo("lemon tart");
        JsonNode firstResponse = first.finalResponse();
        assertThat(firstResponse.get("status").asString()).isEqualTo("completed");
        assertThat(firstResponse.get("output")).hasSize(2);
        JsonNode plannerAsked = planner.onlyRequest().json();
        assertThat(functionNames(plannerAsked)).containsExactly("everything__echo", "image_generation", "chart");

        planner.reset();
        planner.enqueue(
                ScriptedChatServer.toolCall("image_generation", "{\"prompt\":\"a poster that says Echo: lemon tart\"}"),
                ScriptedChatServer.text("Here is the poster."));
        String approval = "[{\"type\": \"mcp_approval_response\", \"approval_request_id\": \""
                + request.get("id").asString() + "\", \"approve\": true}]";

        ResponseStream second = ResponseStream.post(
                server,
                body(
                        approval,
                        tools,
                        "\"stream\": true, \"previous_response_id\": \""
                                + firstResponse.get("id").asString() + "\""));

        List<String> types = second.types();
        assertThat(types.subList(0, 8))
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.mcp_call.in_progress",
                        "response.mcp_call_arguments.delta",
                        "response.mcp_call_arguments.done",
                        "response.mcp_call.completed",
                        "response.output_item.done");
        assertThat(types).doesNotContain("response.mcp_list_tools.in_progress");
        assertThat(types.getLast()).isEqualTo("response.completed");
        JsonNode callAdded = second.event(2).get("item");
        assertThat(callAdded.get("type").asString()).isEqualTo("mcp_call");
        assertThat(callAdded.get("status").asString()).isEqualTo("in_progress");
        assertThat(callAdded.get("arguments").asString()).isEmpty();
        assertThat(callAdded.get("output").isNull()).isTrue();
        assertThat(callAdded.get("error").isNull()).isTrue();
        assertThat(callAdded.get("approval_request_id").asString())
                .isEqualTo(request.get("id").asString());
        assertThat(second.event(4).get("delta").asString())
                .isEqualTo(request.get("arguments").asString());
        assertThat(second.event(5).get("arguments").asString())
                .isEqualTo(request.get("arguments").asString());
        JsonNode call = second.event(7).get("item");
        assertThat(call.get("id").asString()).startsWith("mcp_");
        assertThat(call.get("status").asString()).isEqualTo("completed");
        assertThat(call.get("output").asString()).isEqualTo("Echo: lemon tart");
        assertThat(call.get("approval_request_id").asString())
                .isEqualTo(request.get("id").asString());

        JsonNode output = second.finalResponse().get("output");
        assertThat(types(output)).containsExactly("mcp_call", "image_generation_call", "message");
        assertThat(output.get(1).get("revised_prompt").asString()).contains("Echo: lemon tart");
        WireImages.assertImage(WireImages.base64(output.get(1).get("result").asString()), "png", 64, 64);
        JsonNode toldPlanner = planner.requests().getFirst().json();
        JsonNode messages = toldPlanner.get("messages");
        JsonNode toolMessage = messages.get(messages.size() - 1);
        assertThat(toolMessage.get("role").asString()).isEqualTo("tool");
        assertThat(toolMessage.get("tool_call_id").asString())
                .isEqualTo(request.get("id").asString());
        assertThat(toolMessage.get("content").asString()).isEqualTo("Echo: lemon tart");
        JsonNode asked = messages.get(messages.size() - 2);
        assertThat(asked.get("tool_calls").get(0).get("function").get("name").asString())
                .isEqualTo("everything__echo");
    }

    @Test
    void aServerOnTheLegacySseTransportIsListedAndCalled() {
        String tools = "[{\"type\": \"mcp\", \"server_label\": \"legacy\", \"server_url\": \"" + legacy.url()
                + "\", \"allowed_tools\": [\"echo\"], \"require_approval\": \"never\"}]";
        planner.enqueue(
                ScriptedChatServer.toolCall("legacy__echo", "{\"message\":\"over sse\"}"),
                ScriptedChatServer.text("done"));

        JsonNode response = create(body("\"echo over sse\"", tools, ""));

        assertThat(types(response.get("output"))).containsExactly("mcp_list_tools", "mcp_call", "message");
        assertThat(response.get("output").get(1).get("output").asString()).isEqualTo("Echo: over sse");
    }

    /** The openai npm package's stream helper accumulates the MCP items from their events. */
    @Test
    void theOpenAiStreamHelperAccumulatesMcpItems() {
        planner.enqueue(
                ScriptedChatServer.toolCall("everything__echo", "{\"message\":\"from node\"}"),
                ScriptedChatServer.text("Echoed."));

        ExternalProcess.Result run = NodePeer.run(
                java.time.Duration.ofSeconds(60),
                "responses-stream.mjs",
                server.baseUrl() + "/v1",
                "mcp",
                everything.url());
        List<JsonNode> lines = NodePeer.lines(run);

        List<String> events = new ArrayList<>();
        JsonNode helper = null;
        for (JsonNode line : lines) {
            if (line.has("event")) {
                events.add(line.get("event").asString());
            } else if (line.has("helper")) {
                helper = line;
            }
        }
        assertThat(events)
                .as(run.describe())
                .containsSubsequence(
                        "response.mcp_list_tools.in_progress",
                        "response.mcp_list_tools.completed",
                        "response.mcp_call.in_progress",
                        "response.mcp_call_arguments.delta",
                        "response.mcp_call_arguments.done",
                        "response.mcp_call.completed",
                        "response.completed");
        assertThat(helper).as(run.describe()).isNotNull();
        assertThat(helper.get("helper").asString()).as(run.describe()).isEqualTo("resolved");
        JsonNode output = helper.get("final").get("output");
        assertThat(types(output)).containsExactly("mcp_list_tools", "mcp_call", "message");
        assertThat(output.get(0).get("tools").get(0).asString()).isEqualTo("echo");
        assertThat(output.get(1).get("output").asString()).isEqualTo("Echo: from node");
        assertThat(output.get(1).get("arguments").asString()).isEqualTo("{\"message\":\"from node\"}");
        assertThat(helper.get("final").get("output_text").asString()).isEqualTo("Echoed.");
    }

    /**
     * The official Java SDK, validating strictly, reads every MCP item and event Easel sends: an
     * approval request, the approved call, and a failed call with its typed error.
     */
    @Test
    void theJavaSdkValidatesMcpItemsAndEvents() throws Exception {
        String tools = "[" + mcp("\"allowed_tools\": [\"get-tiny-image\", \"trigger-long-running-operation\"]") + ", "
                + IMAGE_TOOL + "]";
        JsonNode first = create(body("\"a poster\"", tools, "").replace("\"gpt-4.1\"", "\"direct\""));
        assertThat(types(first.get("output")))
                .containsExactly("mcp_list_tools", "mcp_approval_request", "mcp_approval_request");
        String image = first.get("output").get(1).get("id").asString();
        String slow = first.get("output").get(2).get("id").asString();
        JsonNode second = create(body(
                        "[{\"type\": \"mcp_approval_response\", \"approval_request_id\": \"" + image
                                + "\", \"approve\": true}, {\"type\": \"mcp_approval_response\", \"approval_request_id\": \""
                                + slow + "\", \"approve\": true}]",
                        tools,
                        previous(first))
                .replace("\"gpt-4.1\"", "\"direct\""));
        assertThat(types(second.get("output")))
                .containsExactly("mcp_call", "mcp_call", "image_generation_call", "message");

        com.openai.client.OpenAIClient strict = OpenAiClients.strict(server);
        try {
            com.openai.models.responses.Response approvals =
                    strict.responses().retrieve(first.get("id").asString());
            approvals.validate();
            assertThat(approvals.output().get(0).asMcpListTools().tools()).hasSize(2);
            assertThat(approvals.output().get(1).asMcpApprovalRequest().name()).isEqualTo("get-tiny-image");

            com.openai.models.responses.Response calls =
                    strict.responses().retrieve(second.get("id").asString());
            calls.validate();
            var done = calls.output().get(0).asMcpCall();
            assertThat(done.approvalRequestId()).hasValue(image);
            assertThat(done.error()).isEmpty();
            var failed = calls.output().get(1).asMcpCall();
            assertThat(failed.status().orElseThrow())
                    .isEqualTo(com.openai.models.responses.ResponseOutputItem.McpCall.Status.FAILED);
            assertThat(failed.error().orElseThrow().isProtocol()).isTrue();
            assertThat(failed.error().orElseThrow().asProtocol().code()).isEqualTo(-32001);

            try (var stream =
                    strict.responses().retrieveStreaming(second.get("id").asString())) {
                List<String> seen = new ArrayList<>();
                stream.stream().forEach(event -> {
                    event.validate();
                    if (event.isMcpCallCompleted()) {
                        seen.add("completed " + event.asMcpCallCompleted().itemId());
                    } else if (event.isMcpCallFailed()) {
                        seen.add("failed " + event.asMcpCallFailed().itemId());
                    } else if (event.isMcpCallArgumentsDone()) {
                        seen.add("arguments " + event.asMcpCallArgumentsDone().arguments());
                    }
                });
                assertThat(seen)
                        .containsExactly(
                                "arguments {}", "completed " + done.id(), "arguments {}", "failed " + failed.id());
            }
        } finally {
            strict.close();
        }
    }

    @Test
    void aDeniedCallIsNotRunAndThePlannerAnswersWithoutIt() {
        String tools = "[" + mcp("\"allowed_tools\": [\"echo\"]") + "]";
        planner.enqueue(ScriptedChatServer.toolCall("everything__echo", "{\"message\":\"secret plans\"}"));
        JsonNode first = create(body("\"echo my plans\"", tools, ""));
        String requestId = first.get("output").get(1).get("id").asString();
        planner.reset();
        planner.enqueue(ScriptedChatServer.text("Understood, I will not call it."));

        JsonNode second = create(body(
                "[{\"type\": \"mcp_approval_response\", \"approval_request_id\": \"" + requestId
                        + "\", \"approve\": false, \"reason\": \"not today\"}]",
                tools,
                "\"previous_response_id\": \"" + first.get("id").asString() + "\""));

        assertThat(types(second.get("output"))).containsExactly("message");
        JsonNode messages = planner.onlyRequest().json().get("messages");
        JsonNode told = messages.get(messages.size() - 1);
        assertThat(told.get("role").asString()).isEqualTo("tool");
        assertThat(told.get("content").asString()).contains("declined").contains("not today");
    }

    @Test
    void neverAndTheReadOnlyFilterCallAtOnceWithOpenAisEvents() {
        String tools = "[" + mcp("\"allowed_tools\": {\"read_only\": true}, \"require_approval\": \"never\"") + "]";
        planner.enqueue(
                ScriptedChatServer.toolCall("everything__get-sum", "{\"a\": 2, \"b\": 40}"),
                ScriptedChatServer.text("The sum is 42."));

        ResponseStream stream = ResponseStream.post(server, body("\"add 2 and 40\"", tools, "\"stream\": true"));

        assertThat(stream.types())
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.mcp_list_tools.in_progress",
                        "response.mcp_list_tools.completed",
                        "response.output_item.done",
                        "response.output_item.added",
                        "response.mcp_call.in_progress",
                        "response.mcp_call_arguments.delta",
                        "response.mcp_call_arguments.done",
                        "response.mcp_call.completed",
                        "response.output_item.done",
                        "response.output_item.added",
                        "response.content_part.added",
                        "response.output_text.delta",
                        "response.output_text.done",
                        "response.content_part.done",
                        "response.output_item.done",
                        "response.completed");
        JsonNode listed = stream.event(5).get("item").get("tools");
        List<String> names = new ArrayList<>();
        listed.forEach(t -> {
            names.add(t.get("name").asString());
            assertThat(t.get("annotations").get("readOnlyHint").asBoolean())
                    .as("read_only filter: %s", t)
                    .isTrue();
        });
        assertThat(names).contains("echo", "get-sum", "get-tiny-image").doesNotContain("toggle-simulated-logging");
        JsonNode call = stream.event(11).get("item");
        assertThat(call.get("name").asString()).isEqualTo("get-sum");
        assertThat(call.get("output").asString()).contains("42");
        assertThat(call.get("approval_request_id").isNull()).isTrue();
        assertThat(stream.finalResponse()
                        .get("output")
                        .get(2)
                        .get("content")
                        .get(0)
                        .get("text")
                        .asString())
                .isEqualTo("The sum is 42.");
        JsonNode toolMessage = planner.requests().get(1).json().get("messages");
        assertThat(toolMessage.get(toolMessage.size() - 1).get("content").asString())
                .contains("42");
    }

    @Test
    void aListingIsReusedAlongTheChainAndMadeAgainWhenTheServersConfigChanges() {
        String echoOnly = "[" + mcp("\"allowed_tools\": [\"echo\"], \"require_approval\": \"never\"") + "]";
        planner.enqueue(
                ScriptedChatServer.text("one"), ScriptedChatServer.text("two"), ScriptedChatServer.text("three"));

        JsonNode first = create(body("\"hello\"", echoOnly, ""));
        assertThat(types(first.get("output"))).containsExactly("mcp_list_tools", "message");

        JsonNode second = create(body("\"again\"", echoOnly, previous(first)));
        assertThat(types(second.get("output"))).containsExactly("message");
        assertThat(functionNames(planner.requests().get(1).json())).containsExactly("everything__echo");

        String wider = "[" + mcp("\"allowed_tools\": [\"echo\", \"get-sum\"], \"require_approval\": \"never\"") + "]";
        JsonNode third = create(body("\"and again\"", wider, previous(second)));
        assertThat(types(third.get("output"))).containsExactly("mcp_list_tools", "message");
        assertThat(third.get("output").get(0).get("tools")).hasSize(2);
        assertThat(functionNames(planner.requests().get(2).json()))
                .containsExactly("everything__echo", "everything__get-sum");
    }

    @Test
    void aHistoryPassedBackByHandRunsTheApprovedCallWithoutListingAgain() {
        String tools = "[" + mcp("\"allowed_tools\": [\"echo\"]") + "]";
        planner.enqueue(ScriptedChatServer.toolCall("everything__echo", "{\"message\":\"by hand\"}"));
        JsonNode first = create(body("\"echo by hand\"", tools, "\"store\": false"));
        JsonNode listing = first.get("output").get(0);
        JsonNode request = first.get("output").get(1);
        planner.reset();
        planner.enqueue(ScriptedChatServer.text("Done."));

        String history = "[{\"role\": \"user\", \"content\": \"echo by hand\"}, " + listing + ", " + request
                + ", {\"type\": \"mcp_approval_response\", \"approval_request_id\": \""
                + request.get("id").asString() + "\", \"approve\": true}]";
        JsonNode second = create(body(history, tools, ""));

        assertThat(types(second.get("output"))).containsExactly("mcp_call", "message");
        assertThat(second.get("output").get(0).get("output").asString()).isEqualTo("Echo: by hand");
    }

    @Test
    void toolChoiceNamesOneToolOfAServer() {
        String tools = "[" + mcp("\"allowed_tools\": [\"echo\", \"get-sum\"], \"require_approval\": \"never\"") + "]";
        planner.enqueue(ScriptedChatServer.text("ok"));

        JsonNode response = create(body(
                "\"hi\"",
                tools,
                "\"tool_choice\": {\"type\": \"mcp\", \"server_label\": \"everything\", \"name\": \"get-sum\"}"));

        assertThat(response.get("tool_choice").get("type").asString()).isEqualTo("mcp");
        assertThat(response.get("tool_choice").get("name").asString()).isEqualTo("get-sum");
        JsonNode choice = planner.onlyRequest().json().get("tool_choice");
        assertThat(choice.get("function").get("name").asString()).isEqualTo("everything__get-sum");
    }

    @Test
    void aSlowToolTimesOutIntoAFailedCallAndTheResponseGoesOn() {
        String tools = "["
                + mcp("\"allowed_tools\": [\"trigger-long-running-operation\"], \"require_approval\": \"never\"") + "]";
        planner.enqueue(
                ScriptedChatServer.toolCall(
                        "everything__trigger-long-running-operation", "{\"duration\": 10, \"steps\": 2}"),
                ScriptedChatServer.text("The operation took too long."));

        JsonNode response = create(body("\"run the long operation\"", tools, ""));

        assertThat(response.get("status").asString()).isEqualTo("completed");
        JsonNode call = response.get("output").get(1);
        assertThat(call.get("type").asString()).isEqualTo("mcp_call");
        assertThat(call.get("status").asString()).isEqualTo("failed");
        assertThat(call.get("output").isNull()).isTrue();
        assertThat(call.get("error").get("type").asString()).isEqualTo("mcp_protocol_error");
        assertThat(call.get("error").get("code").asInt()).isEqualTo(-32001);
        assertThat(call.get("error").get("message").asString()).contains("within 2 s");
        assertThat(types(response.get("output"))).containsExactly("mcp_list_tools", "mcp_call", "message");
        JsonNode messages = planner.requests().get(1).json().get("messages");
        assertThat(messages.get(messages.size() - 1).get("content").asString()).startsWith("error: ");
    }

    @Test
    void aServerThatIsDownIsA424AndNothingIsStored() {
        String tools = "[{\"type\": \"mcp\", \"server_label\": \"down\", \"server_url\": \"http://127.0.0.1:"
                + DOWN_PORT + "/mcp\", \"require_approval\": \"never\"}]";

        HttpResponse<String> response = Wire.postJson(server, "/v1/responses", body("\"hi\"", tools, ""));

        JsonNode error = ApiErrors.assertError(response, 424, "external_connector_error", "http_error", "tools[0]");
        assertThat(error.get("message").asString())
                .startsWith("Error retrieving tool list from MCP server: 'down'.")
                .contains("Could not connect to the MCP server http://127.0.0.1:" + DOWN_PORT + "/mcp");
        assertThat(planner.requests()).isEmpty();
    }

    @Test
    void aServerOutsideTheAllowListIsRefusedBeforeAnyConnection() {
        String tools = "[{\"type\": \"mcp\", \"server_label\": \"inside\", \"server_url\": \"http://10.0.0.1:9/mcp\"}]";

        HttpResponse<String> response = Wire.postJson(server, "/v1/responses", body("\"hi\"", tools, ""));

        JsonNode error = ApiErrors.assertError(response, 424, "external_connector_error", "http_error", "tools[0]");
        assertThat(error.get("message").asString()).contains("refused");
    }

    @Test
    void directModeRefusesToolsWhoseArgumentsAModelMustChoose() {
        String tools = "[" + mcp("\"allowed_tools\": [\"echo\"]") + ", " + IMAGE_TOOL + "]";

        // The model "direct" picks direct mode even with a planner configured.
        HttpResponse<String> response = Wire.postJson(
                server, "/v1/responses", body("\"a poster\"", tools, "").replace("\"gpt-4.1\"", "\"direct\""));

        JsonNode error = ApiErrors.assertError(response, 400, "invalid_request_error", "invalid_value", "tools[0]");
        assertThat(error.get("message").asString())
                .contains("echo")
                .contains("planner.url")
                .contains("EASEL_PLANNER_URL");
    }

    @Test
    void inDirectModeAToolsImageBecomesTheEditSource() {
        String tools = "[" + mcp("\"allowed_tools\": [\"get-tiny-image\"], \"require_approval\": \"never\"") + ", "
                + IMAGE_TOOL + "]";

        JsonNode response =
                create(body("\"a poster around this picture\"", tools, "").replace("\"gpt-4.1\"", "\"direct\""));

        JsonNode output = response.get("output");
        assertThat(types(output)).containsExactly("mcp_list_tools", "mcp_call", "image_generation_call", "message");
        assertThat(output.get(1).get("output").asString()).contains("[image: image/png");
        JsonNode image = output.get(2);
        assertThat(image.get("action").asString()).isEqualTo("edit");
        assertThat(image.get("revised_prompt").asString())
                .startsWith("a poster around this picture\n\n")
                .doesNotContain("[image: ");
        assertThat(planner.requests()).isEmpty();
    }

    /** Hostile or broken server URLs are a 400 or a 424, never a 5xx, and contact nothing. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "http://",
                "http://a b/mcp",
                "http://[::1/mcp",
                "http://example.invalid:99999/mcp",
                "http://%zz/mcp",
                "https:///mcp",
                "http://169.254.169.254/latest/meta-data/",
                "http://[::ffff:127.0.0.1]:1/mcp",
                "http://0x7f000001/mcp"
            })
    void aBadServerUrlIsAClientError(String url) {
        String tools = "[{\"type\": \"mcp\", \"server_label\": \"bad\", \"server_url\": " + Wire.write(url) + "}]";

        HttpResponse<String> response = Wire.postJson(server, "/v1/responses", body("\"hi\"", tools, ""));

        ApiErrors.assertWellBehaved(response);
        assertThat(response.statusCode()).as(response.body()).isIn(400, 424);
        assertThat(Wire.json(response.body()).get("error").get("param").asString())
                .startsWith("tools[0]");
    }

    @Test
    void anApprovalAnswerToAnUnknownRequestIsA400() {
        String tools = "[" + mcp("") + "]";
        HttpResponse<String> response = Wire.postJson(
                server,
                "/v1/responses",
                body(
                        "[{\"type\": \"mcp_approval_response\", \"approval_request_id\": \"mcpr_nope\", \"approve\": true}]",
                        tools,
                        ""));

        JsonNode error = ApiErrors.assertError(response, 400, "invalid_request_error", "invalid_value", "input");
        assertThat(error.get("message").asString()).contains("mcpr_nope");
    }

    private static String mcp(String extra) {
        return "{\"type\": \"mcp\", \"server_label\": \"everything\", \"server_url\": \"" + everything.url() + "\""
                + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private static String body(String input, String tools, String extra) {
        return "{\"model\": \"gpt-4.1\", \"input\": " + input + ", \"tools\": " + tools
                + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private static String previous(JsonNode response) {
        return "\"previous_response_id\": \"" + response.get("id").asString() + "\"";
    }

    private static JsonNode create(String json) {
        return PlannedTurns.create(server, json);
    }

    private static List<String> functionNames(JsonNode plannerRequest) {
        List<String> names = new ArrayList<>();
        plannerRequest
                .path("tools")
                .forEach(t -> names.add(t.get("function").get("name").asString()));
        return names;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
