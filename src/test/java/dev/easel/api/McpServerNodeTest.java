package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The official MCP TypeScript SDK ({@code @modelcontextprotocol/sdk}, pinned in
 * src/test/node/package-lock.json) against Easel's {@code /mcp} on the pinned Node.js 22 (see
 * {@link NodePeer}; a missing peer fails the test and says what is missing).
 */
class McpServerNodeTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    @Test
    void typeScriptSdkListsTheToolsAndGeneratesAPngOfTheAskedSize() {
        ExternalProcess.Result run = NodePeer.run(Duration.ofSeconds(60), "mcp-generate.mjs", server.baseUrl());

        List<JsonNode> lines = NodePeer.lines(run);
        assertThat(lines).as(run.describe()).hasSize(4);
        assertThat(lines.get(0).toString())
                .isEqualTo("{\"step\":\"initialize\",\"server\":\"easel\",\"protocol\":\"2025-11-25\"}");
        assertThat(lines.get(1).toString())
                .isEqualTo("{\"step\":\"list\",\"tools\":[{\"name\":\"generate_image\",\"required\":[\"prompt\"]},"
                        + "{\"name\":\"edit_image\",\"required\":[\"prompt\",\"images\"]}]}");
        assertThat(lines.get(2).toString())
                .isEqualTo("{\"step\":\"call\",\"is_error\":false,\"types\":[\"image\",\"resource_link\",\"text\"],"
                        + "\"mime_type\":\"image/png\",\"size\":{\"width\":96,\"height\":64},"
                        + "\"link_same_bytes\":true,\"progress\":3}");
        assertThat(lines.get(3).toString())
                .isEqualTo("{\"step\":\"bad\",\"is_error\":true,\"text\":\"Invalid value: 'big'\"}");
    }
}
