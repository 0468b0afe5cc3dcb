package dev.easel.tools.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DirectPlannerTest {
    private static final FunctionSpec IMAGE = new FunctionSpec("image_generation", "", "{\"type\":\"object\"}");
    private static final FunctionSpec SEARCH = new FunctionSpec("web_search", "", "{\"type\":\"object\"}");
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
        assertThat(planner.next(ask, List.of(IMAGE, SEARCH), new ToolChoice.Named("web_search")))
                .isEqualTo(NOTHING);
        assertThat(planner.next(List.of(new ChatMessage.System("s")), List.of(IMAGE), new ToolChoice.Auto()))
                .isEqualTo(NOTHING);
    }
}
