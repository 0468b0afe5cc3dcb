package dev.easel.tools.planner;

import static dev.easel.tools.planner.ScriptedChatServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The exact request bodies and headers the planner sends. */
class ChatRequestTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final FunctionSpec IMAGE = new FunctionSpec(
            "image_generation",
            "Draws an image.",
            "{\"type\":\"object\",\"properties\":{\"prompt\":{\"type\":\"string\"}},\"required\":[\"prompt\"]}");
    private static final FunctionSpec SEARCH = new FunctionSpec("web_search", "", "{\"type\":\"object\"}");

    private ScriptedChatServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedChatServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void writesTheWholeConversationToolsAndChoice() throws Exception {
        List<ChatMessage> conversation = List.of(
                new ChatMessage.System("You plan images."),
                new ChatMessage.User("make the cat blue", 2),
                new ChatMessage.Assistant(
                        "", List.of(new ToolCall("call_a", "image_generation", "{\"prompt\":\"a blue cat\"}"))),
                new ChatMessage.ToolResult("call_a", "{\"status\":\"completed\"}"),
                new ChatMessage.Assistant("Here is your blue cat.", List.of()),
                new ChatMessage.User("now green", 0));

        sendOne(Optional.empty(), conversation, List.of(IMAGE, SEARCH), new ToolChoice.Auto());

        ScriptedChatServer.Request request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Upgrade")).as("no cleartext HTTP/2 upgrade").isNull();
        assertThat(request.json()).isEqualTo(PlannerJson.MAPPER.readTree("""
                {"model":"test-model",
                 "messages":[
                   {"role":"system","content":"You plan images."},
                   {"role":"user","content":"make the cat blue\\n\\n[2 images attached]"},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"call_a","type":"function",
                     "function":{"name":"image_generation","arguments":"{\\"prompt\\":\\"a blue cat\\"}"}}]},
                   {"role":"tool","tool_call_id":"call_a","content":"{\\"status\\":\\"completed\\"}"},
                   {"role":"assistant","content":"Here is your blue cat."},
                   {"role":"user","content":"now green"}],
                 "tools":[
                   {"type":"function","function":{"name":"image_generation","description":"Draws an image.",
                     "parameters":{"type":"object","properties":{"prompt":{"type":"string"}},"required":["prompt"]}}},
                   {"type":"function","function":{"name":"web_search","parameters":{"type":"object"}}}],
                 "tool_choice":"auto",
                 "stream":false}"""));
    }

    @Test
    void assistantTextBesideToolCallsIsKept() throws Exception {
        ToolCall call = new ToolCall("call_1", "image_generation", "{}");
        sendOne(
                Optional.empty(),
                List.of(new ChatMessage.User("hi", 0), new ChatMessage.Assistant("Drawing it now.", List.of(call))),
                List.of(),
                new ToolChoice.Auto());

        JsonNode assistant = server.onlyRequest().json().path("messages").get(1);
        assertThat(assistant.path("content").stringValue()).isEqualTo("Drawing it now.");
        assertThat(assistant.path("tool_calls").get(0).path("id").stringValue()).isEqualTo("call_1");
    }

    @Test
    void anImageWithoutTextIsOnlyTheNote() throws Exception {
        sendOne(Optional.empty(), List.of(new ChatMessage.User("", 1)), List.of(), new ToolChoice.Auto());

        assertThat(server.onlyRequest()
                        .json()
                        .path("messages")
                        .get(0)
                        .path("content")
                        .stringValue())
                .isEqualTo("[1 image attached]");
    }

    @Test
    void withoutToolsThereIsNoToolsNorToolChoice() throws Exception {
        sendOne(Optional.empty(), List.of(new ChatMessage.User("hello", 0)), List.of(), new ToolChoice.Required());

        JsonNode body = server.onlyRequest().json();
        assertThat(body.propertyNames()).containsExactly("model", "messages", "stream");
    }

    @Test
    void toolChoiceForms() throws Exception {
        List<ChatMessage> hello = List.of(new ChatMessage.User("hello", 0));
        sendOne(Optional.empty(), hello, List.of(IMAGE), new ToolChoice.None());
        sendOne(Optional.empty(), hello, List.of(IMAGE), new ToolChoice.Required());
        sendOne(Optional.empty(), hello, List.of(IMAGE), new ToolChoice.Named("image_generation"));

        List<JsonNode> choices = server.requests().stream()
                .map(r -> r.json().path("tool_choice"))
                .toList();
        assertThat(choices)
                .containsExactly(
                        PlannerJson.MAPPER.readTree("\"none\""),
                        PlannerJson.MAPPER.readTree("\"required\""),
                        PlannerJson.MAPPER.readTree(
                                "{\"type\":\"function\",\"function\":{\"name\":\"image_generation\"}}"));
    }

    @Test
    void bearerHeaderOnlyWithAKey() throws Exception {
        List<ChatMessage> hello = List.of(new ChatMessage.User("hello", 0));
        sendOne(Optional.of("sk-test-123"), hello, List.of(), new ToolChoice.Auto());
        sendOne(Optional.empty(), hello, List.of(), new ToolChoice.Auto());

        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer sk-test-123");
        assertThat(server.requests().get(1).header("Authorization")).isNull();
    }

    @Test
    void aTrailingSlashInTheBaseUrlIsDropped() throws Exception {
        server.enqueue(text("ok"));
        PlannerSettings settings =
                new PlannerSettings(URI.create(server.baseUrl() + "/"), "m", Optional.empty(), Duration.ofSeconds(2));
        new ChatCompletionsPlanner(settings, HTTP)
                .next(List.of(new ChatMessage.User("hi", 0)), List.of(), new ToolChoice.Auto());

        assertThat(server.onlyRequest().path()).isEqualTo("/v1/chat/completions");
        assertThat(server.onlyRequest().json().path("model").stringValue()).isEqualTo("m");
    }

    private void sendOne(Optional<String> key, List<ChatMessage> messages, List<FunctionSpec> tools, ToolChoice choice)
            throws PlannerException {
        server.enqueue(text("ok"));
        Planner planner = new ChatCompletionsPlanner(server.settings(key, Duration.ofSeconds(2)), HTTP);
        assertThat(planner.next(messages, tools, choice).text()).isEqualTo("ok");
    }
}
