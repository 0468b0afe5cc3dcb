package dev.easel.api;

import static dev.easel.api.PlannedTurns.startPlanner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.tools.planner.ScriptedChatServer;
import dev.easel.tools.search.SearxServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Web search against a real search server (Debian's searx, offline over its sqlite engine): the
 * facts it finds reach the planner and the image prompt, and the message cites them.
 */
class SearxWebSearchTest {
    static final String PAGE = "https://prices.example/aurora";
    static final SearxServer searx = SearxServer.start(List.of(
            new SearxServer.Page(PAGE, "Aurora desk lamp price", "The Aurora desk lamp costs 49.00 EUR this week."),
            new SearxServer.Page("https://weather.example/oslo", "Oslo weather", "Snow in Oslo on Friday.")));
    static final ScriptedChatServer planner = startPlanner();

    @RegisterExtension
    static final TestServer server = TestServer.withPlanner(
            planner, Map.of("EASEL_SEARCH_PROVIDER", "searxng", "EASEL_SEARCH_URL", searx.baseUrl()));

    @AfterAll
    static void stop() {
        planner.close();
        searx.close();
    }

    @Test
    void factsFromTheSearchServerReachThePromptAndTheCitations() {
        planner.enqueue(
                ScriptedChatServer.toolCall("web_search", "{\"query\": \"Aurora\"}"),
                ScriptedChatServer.toolCall(
                        "image_generation", "{\"prompt\": \"a poster: the Aurora desk lamp, 49.00 EUR\"}"),
                ScriptedChatServer.text("It costs 49.00 EUR ([Aurora desk lamp price](" + PAGE + "))."));

        JsonNode response = create("""
                {"model": "gpt-4.1", "input": "a poster with the Aurora lamp's price",
                 "include": ["web_search_call.action.sources"],
                 "tools": [{"type": "web_search"}, {"type": "image_generation", "size": "64x64", "quality": "low"}]}""");

        JsonNode output = response.get("output");
        assertThat(output.get(0).get("action").get("sources").get(0).get("url").asString())
                .isEqualTo(PAGE);
        JsonNode told = planner.requests().get(1).json().get("messages");
        assertThat(told.get(told.size() - 1).get("content").asString())
                .as("searx: %s", searx.log())
                .contains("The Aurora desk lamp costs 49.00 EUR this week.")
                .doesNotContain("Oslo");
        assertThat(output.get(2)
                        .get("content")
                        .get(0)
                        .get("annotations")
                        .get(0)
                        .get("url")
                        .asString())
                .isEqualTo(PAGE);
    }

    @Test
    void inDirectModeTheFactsJoinThePrompt() {
        JsonNode response = create("""
                {"model": "direct", "input": "Oslo", "tool_choice": {"type": "web_search"},
                 "tools": [{"type": "web_search"}, {"type": "image_generation", "size": "64x64", "quality": "low"}]}""");

        JsonNode output = response.get("output");
        assertThat(output.get(1).get("revised_prompt").asString()).isEqualTo("Oslo\n\nSnow in Oslo on Friday.");
        assertThat(output.get(2).get("content").get(0).get("text").asString())
                .isEqualTo("Sources: [Oslo weather](https://weather.example/oslo)");
    }

    private static JsonNode create(String json) {
        return PlannedTurns.create(server, json);
    }
}
