package dev.easel.tools.planner;

import static dev.easel.tools.planner.ScriptedChatServer.json;
import static dev.easel.tools.planner.ScriptedChatServer.message;
import static dev.easel.tools.planner.ScriptedChatServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How answers of the various OpenAI-compatible servers become a {@link PlannerReply}. */
class ChatResponseTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final List<FunctionSpec> TOOLS =
            List.of(new FunctionSpec("image_generation", "Draws.", "{\"type\":\"object\"}"));

    private ScriptedChatServer server;
    private Planner planner;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedChatServer();
        planner = new ChatCompletionsPlanner(server.settings(Optional.empty(), Duration.ofSeconds(2)), HTTP);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void textOnly() throws Exception {
        server.enqueue(text("A quiet harbour at dawn."));

        assertThat(ask()).isEqualTo(new PlannerReply("A quiet harbour at dawn.", List.of(), new PlannerUsage(12, 5)));
        assertThat(planner.model()).isEqualTo("test-model");
    }

    @Test
    void toolCallsOnly() throws Exception {
        server.enqueue(json("""
                {"choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
                  "tool_calls":[
                    {"id":"call_x1","type":"function","function":{"name":"image_generation","arguments":"{\\"prompt\\": \\"a fox\\"}"}},
                    {"id":"call_x2","type":"function","function":{"name":"image_generation","arguments":"{\\"prompt\\":\\"an owl\\"}"}}]}}],
                 "usage":{"prompt_tokens":120,"completion_tokens":31}}"""));

        assertThat(ask())
                .isEqualTo(new PlannerReply(
                        "",
                        List.of(
                                new ToolCall("call_x1", "image_generation", "{\"prompt\": \"a fox\"}"),
                                new ToolCall("call_x2", "image_generation", "{\"prompt\":\"an owl\"}")),
                        new PlannerUsage(120, 31)));
    }

    @Test
    void textAndToolCalls() throws Exception {
        server.enqueue(message("""
                {"role":"assistant","content":"Drawing it.","tool_calls":[{"id":"c1","type":"function",
                 "function":{"name":"image_generation","arguments":"{}"}}]}"""));

        assertThat(ask())
                .isEqualTo(new PlannerReply(
                        "Drawing it.", List.of(new ToolCall("c1", "image_generation", "{}")), PlannerUsage.NONE));
    }

    @Test
    void ollamaObjectArgumentsBecomeCompactJsonText() throws Exception {
        server.enqueue(message("""
                {"role":"assistant","content":"","tool_calls":[{"function":{"name":"image_generation",
                 "arguments": { "prompt" : "a red kite", "size": "1024x1024", "n": 1 }}}]}"""));

        assertThat(ask().toolCalls())
                .extracting(ToolCall::argumentsJson)
                .containsExactly("{\"prompt\":\"a red kite\",\"size\":\"1024x1024\",\"n\":1}");
    }

    @Test
    void missingIdsAreNumberedAvoidingIdsAlreadyInUse() throws Exception {
        server.enqueue(message("""
                {"role":"assistant","tool_calls":[
                  {"function":{"name":"image_generation","arguments":"{}"}},
                  {"id":"call_3","function":{"name":"image_generation","arguments":"{}"}},
                  {"id":"","function":{"name":"image_generation"}}]}"""));
        List<ChatMessage> earlier = List.of(
                new ChatMessage.User("draw", 0),
                new ChatMessage.Assistant("", List.of(new ToolCall("call_1", "image_generation", "{}"))),
                new ChatMessage.ToolResult("call_1", "done"),
                new ChatMessage.User("again, twice", 0));

        PlannerReply reply = planner.next(earlier, TOOLS, new ToolChoice.Auto());

        assertThat(reply.toolCalls()).extracting(ToolCall::id).containsExactly("call_2", "call_3", "call_4");
        assertThat(reply.toolCalls().get(2).argumentsJson()).isEqualTo("{}");
    }

    @Test
    void absentUsageAndContentAreZeroAndEmpty() throws Exception {
        server.enqueue(json("{\"choices\":[{\"message\":{\"role\":\"assistant\"}}]}"));

        assertThat(ask()).isEqualTo(new PlannerReply("", List.of(), PlannerUsage.NONE));
    }

    @Test
    void contentPartsAreJoined() throws Exception {
        server.enqueue(message("""
                {"role":"assistant","content":[{"type":"text","text":"Hello, "},{"type":"text","text":"world."}]}"""));

        assertThat(ask().text()).isEqualTo("Hello, world.");
    }

    private PlannerReply ask() throws PlannerException {
        return planner.next(List.of(new ChatMessage.User("draw something", 0)), TOOLS, new ToolChoice.Auto());
    }
}
