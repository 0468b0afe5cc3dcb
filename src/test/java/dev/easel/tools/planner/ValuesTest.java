package dev.easel.tools.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value records refuse what the wire could not carry. */
class ValuesTest {

    @Test
    void functionSpecsNeedAValidNameAndAnObjectSchema() {
        assertThatThrownBy(() -> new FunctionSpec("has space", "", "{}")).hasMessageContaining("has space");
        assertThatThrownBy(() -> new FunctionSpec("x".repeat(65), "", "{}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FunctionSpec("f", "", "[]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> new FunctionSpec("f", "", "{\"type\":")).hasMessageContaining("JSON object");
        assertThat(new FunctionSpec("image_generation-2", "", "{}").name()).isEqualTo("image_generation-2");
    }

    @Test
    void blankIdsAndNegativeCountsAreRefused() {
        assertThatThrownBy(() -> new ToolCall(" ", "f", "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ToolCall("c", "", "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChatMessage.ToolResult("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChatMessage.User("x", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlannerUsage(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ToolChoice.Named(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsAreCopied() {
        List<ToolCall> calls = new ArrayList<>(List.of(new ToolCall("c", "f", "{}")));
        ChatMessage.Assistant assistant = new ChatMessage.Assistant("", calls);
        PlannerReply reply = new PlannerReply("", calls, PlannerUsage.NONE);
        calls.clear();

        assertThat(assistant.toolCalls()).hasSize(1);
        assertThat(reply.toolCalls()).hasSize(1);
    }
}
