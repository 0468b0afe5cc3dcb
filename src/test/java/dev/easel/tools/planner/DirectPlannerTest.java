package dev.easel.tools.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DirectPlannerTest {
    private static final FunctionSpec IMAGE = new FunctionSpec("image_generation", "", "{\"type\":\"object\"}");
    /** A function whose arguments only a model can choose: never called in direct mode. */
    private static final FunctionSpec SEARCH = new FunctionSpec(
            "web_search",
            "",
            "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}},\"required\":[\"query\"]}");
    /** A function without required arguments (an MCP tool such as list_specials). */
    private static final FunctionSpec SPECIALS = new FunctionSpec("shop__list_specials", "", "{\"type\":\"object\"}");

    private static final PlannerReply NOTHING = new PlannerReply("", List.of(), PlannerUsage.NONE);

    private final DirectPlanner planner = new DirectPlanner();

    @Test
    void theLatestUserTextIsThePrompt() {
        List<ChatMessage> conversation = List.of(
                new ChatMessage.System("ignored"),
                new ChatMessage.User("a cat", 0),
                new ChatMessage.Assistant("", List.of(new ToolCall("call_direct_1", "image_generation", "{}"))),
                new ChatMessage.ToolResult("call_direct_1", "done"),
                new ChatMessage.User("the same cat, \"in blue\"", 1));

        PlannerReply reply = planner.next(conversation, List.of(SEARCH, IMAGE), new ToolChoice.Auto());

        assertThat(reply)
                .isEqualTo(new PlannerReply(
                        "",
                        List.of(new ToolCall(
                                "call_direct_2", "image_generation", "{\"prompt\":\"the same cat, \\\"in blue\\\"\"}")),
                        PlannerUsage.NONE));
        assertThat(planner.model()).isEqualTo("direct");
    }

    @Test
    void requiredAndNamedImageGenerationAlsoCall() {
        List<ChatMessage> ask = List.of(new ChatMessage.User("a dog", 0));

        assertThat(planner.next(ask, List.of(IMAGE), new ToolChoice.Required()).toolCalls())
                .containsExactly(new ToolCall("call_direct_1", "image_generation", "{\"prompt\":\"a dog\"}"));
        assertThat(planner.next(ask, List.of(IMAGE), new ToolChoice.Named("image_generation"))
                        .toolCalls())
                .hasSize(1);
    }

    @Test
    void noSecondCallAfterAToolResult() {
        List<ChatMessage> conversation = List.of(
                new ChatMessage.User("a cat", 0),
                new ChatMessage.Assistant("", List.of(new ToolCall("call_direct_1", "image_generation", "{}"))),
                new ChatMessage.ToolResult("call_direct_1", "done"));

        assertThat(planner.next(conversation, List.of(IMAGE), new ToolChoice.Auto()))
                .isEqualTo(NOTHING);
    }

    @Test
    void noCallWhenNotAllowedOrNotOffered() {
        List<ChatMessage> ask = List.of(new ChatMessage.User("a cat", 0));

        assertThat(planner.next(ask, List.of(IMAGE), new ToolChoice.None())).isEqualTo(NOTHING);
        assertThat(planner.next(ask, List.of(SEARCH), new ToolChoice.Auto())).isEqualTo(NOTHING);
        assertThat(planner.next(ask, List.of(), new ToolChoice.Required())).isEqualTo(NOTHING);
        // A web search the request names searches with the user's text; other named functions are not called.
        assertThat(planner.next(ask, List.of(IMAGE, SEARCH), new ToolChoice.Named("web_search"))
                        .toolCalls())
                .containsExactly(new ToolCall("call_direct_1", "web_search", "{\"query\":\"a cat\"}"));
        assertThat(planner.next(ask, List.of(IMAGE, SEARCH), new ToolChoice.Named("other_function")))
                .isEqualTo(NOTHING);
        assertThat(planner.next(ask, List.of(IMAGE, SPECIALS), new ToolChoice.Named("image_generation"))
                        .toolCalls())
                .extracting(ToolCall::name)
                .containsExactly("image_generation");
        assertThat(planner.next(List.of(new ChatMessage.System("s")), List.of(IMAGE), new ToolChoice.Auto()))
                .isEqualTo(NOTHING);
    }

    @Test
    void toolsWithoutRequiredArgumentsRunFirstAndTheirTextJoinsThePrompt() {
        List<ChatMessage> ask = List.of(new ChatMessage.User("a poster of today's special", 0));

        PlannerReply first = planner.next(ask, List.of(IMAGE, SEARCH, SPECIALS), new ToolChoice.Auto());
        assertThat(first.toolCalls()).containsExactly(new ToolCall("call_direct_1", "shop__list_specials", "{}"));

        List<ChatMessage> after = List.of(
                ask.get(0),
                new ChatMessage.Assistant("", first.toolCalls()),
                new ChatMessage.ToolResult(
                        "call_direct_1",
                        "Specials: lemon tart\n[image: image/png, 12 bytes]\nstructuredContent: {\"x\":1}\n[easel: a note for models]"));
        PlannerReply second = planner.next(after, List.of(IMAGE, SEARCH, SPECIALS), new ToolChoice.Auto());
        assertThat(second.toolCalls())
                .containsExactly(new ToolCall(
                        "call_direct_2",
                        "image_generation",
                        "{\"prompt\":\"a poster of today's special\\n\\nSpecials: lemon tart\"}"));
    }

    @Test
    void refusedOrFailedCallsAddNothingToThePrompt() {
        List<ChatMessage> after = List.of(
                new ChatMessage.User("a cat", 0),
                new ChatMessage.Assistant("", List.of(new ToolCall("mcpr_1", "shop__list_specials", "{}"))),
                new ChatMessage.ToolResult("mcpr_1", "not run: the user declined this call; answer without it"));

        assertThat(planner.next(after, List.of(IMAGE, SPECIALS), new ToolChoice.Auto())
                        .toolCalls())
                .containsExactly(new ToolCall("call_direct_1", "image_generation", "{\"prompt\":\"a cat\"}"));
    }
}
