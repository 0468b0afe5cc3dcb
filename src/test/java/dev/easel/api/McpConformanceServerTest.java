package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MCP conformance suite ({@code @modelcontextprotocol/conformance}, see {@link
 * ConformanceSuite}) in server mode against Easel's {@code /mcp}: every scenario of the pinned
 * version, active and pending, in one run. Each scenario either applies to Easel and must pass
 * every check (no failure, no warning), or is listed in {@link #NOT_APPLICABLE} with why; a
 * scenario in neither list, or a listed one that starts passing, fails the test.
 */
class McpConformanceServerTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    /** What the suite checks that Easel's image server offers. */
    static final Set<String> APPLICABLE = Set.of(
            "server-initialize",
            "ping",
            "logging-set-level",
            "tools-list",
            "server-sse-multiple-streams",
            "dns-rebinding-protection");

    private static final String FIXTURE =
            "calls a tool of the suite's own reference server, which Easel (generate_image, edit_image) does not have: ";
    private static final String ASKS_CLIENT = "calls a reference-server tool that sends the client a ";

    /** Scenarios for features an image server does not offer, or that need the suite's reference tools. */
    static final Map<String, String> NOT_APPLICABLE = Map.ofEntries(
            Map.entry("completion-complete", "Easel has no prompts or resource templates, so no completions"),
            Map.entry("tools-call-simple-text", FIXTURE + "test_simple_text"),
            Map.entry("tools-call-image", FIXTURE + "test_image_content (image results: McpServerNodeTest)"),
            Map.entry("tools-call-audio", FIXTURE + "test_audio_content"),
            Map.entry("tools-call-embedded-resource", FIXTURE + "test_embedded_resource"),
            Map.entry("tools-call-mixed-content", FIXTURE + "test_multiple_content_types"),
            Map.entry("tools-call-with-logging", FIXTURE + "test_tool_with_logging"),
            Map.entry("tools-call-error", FIXTURE + "test_error_handling (tool errors: McpServerNodeTest)"),
            Map.entry("tools-call-with-progress", FIXTURE + "test_tool_with_progress (progress: McpServerWireTest)"),
            Map.entry("json-schema-2020-12", FIXTURE + "json_schema_2020_12_tool"),
            Map.entry("server-sse-polling", FIXTURE + "test_reconnection (pending suite)"),
            Map.entry("tools-call-sampling", ASKS_CLIENT + "sampling request; Easel never asks its client"),
            Map.entry("tools-call-elicitation", ASKS_CLIENT + "elicitation request; Easel never asks its client"),
            Map.entry("elicitation-sep1034-defaults", ASKS_CLIENT + "elicitation request; Easel never asks"),
            Map.entry("elicitation-sep1330-enums", ASKS_CLIENT + "elicitation request; Easel never asks"),
            Map.entry("resources-list", "Easel offers no resources"),
            Map.entry("resources-read-text", "Easel offers no resources"),
            Map.entry("resources-read-binary", "Easel offers no resources"),
            Map.entry("resources-templates-read", "Easel offers no resources"),
            Map.entry("resources-subscribe", "Easel offers no resources"),
            Map.entry("resources-unsubscribe", "Easel offers no resources"),
            Map.entry("prompts-list", "Easel offers no prompts"),
            Map.entry("prompts-get-simple", "Easel offers no prompts"),
            Map.entry("prompts-get-with-args", "Easel offers no prompts"),
            Map.entry("prompts-get-embedded-resource", "Easel offers no prompts"),
            Map.entry("prompts-get-with-image", "Easel offers no prompts"));

    @Test
    void everyApplicableScenarioPassesEveryCheck() {
        ConformanceSuite.Run run = ConformanceSuite.run(
                Duration.ofSeconds(120), "server", "--url", server.baseUrl() + "/mcp", "--suite", "all");

        Set<String> known = new TreeSet<>(APPLICABLE);
        known.addAll(NOT_APPLICABLE.keySet());
        assertThat(run.scenarios().keySet())
                .as("the scenarios the suite ran, against those this test knows\n" + run.output())
                .containsExactlyInAnyOrderElementsOf(known);

        for (String scenario : APPLICABLE) {
            List<ConformanceSuite.Check> checks = run.checks(scenario);
            assertThat(ConformanceSuite.passes(checks))
                    .as("server scenario " + scenario + ": " + checks)
                    .isTrue();
        }
        NOT_APPLICABLE.forEach((scenario, why) -> assertThat(ConformanceSuite.passes(run.checks(scenario)))
                .as("server scenario " + scenario + " passes now: move it from NOT_APPLICABLE (" + why
                        + ") to APPLICABLE")
                .isFalse());
    }
}
