package dev.easel.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class McpServerSettingsTest {
    @Test
    void toStringShowsNoSecrets() {
        McpServerSettings settings = new McpServerSettings(
                "https://mcp.example/mcp",
                Optional.of("sk-live-123"),
                Map.of("X-Api-Key", "key-456"),
                McpTimeouts.defaults());
        assertThat(settings.toString())
                .doesNotContain("sk-live-123")
                .doesNotContain("key-456")
                .contains("bearerToken=(set)")
                .contains("[X-Api-Key]");
        assertThat(settings.secrets()).containsExactlyInAnyOrder("sk-live-123", "key-456");
        assertThat(McpServerSettings.of("https://mcp.example/mcp").toString()).contains("bearerToken=(none)");
    }

    @Test
    void headersOwnedByTheTransportOrHttpAreRefused() {
        for (String name :
                new String[] {"Host", "content-length", "Mcp-Session-Id", "MCP-Protocol-Version", "Accept"}) {
            assertThatThrownBy(() -> new McpServerSettings(
                            "https://mcp.example/mcp", Optional.empty(), Map.of(name, "x"), McpTimeouts.defaults()))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(name);
        }
    }

    @Test
    void aTokenAndAnAuthorizationHeaderTogetherAreRefused() {
        assertThatThrownBy(() -> new McpServerSettings(
                        "https://mcp.example/mcp",
                        Optional.of("t"),
                        Map.of("authorization", "Basic x"),
                        McpTimeouts.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Basic x");
    }

    @Test
    void controlCharactersInValuesAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> new McpServerSettings(
                        "https://mcp.example/mcp",
                        Optional.empty(),
                        Map.of("X-Key", "secret\r\nX-Injected: 1"),
                        McpTimeouts.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> McpServerSettings.of("https://mcp.example/mcp").withBearerToken("a\nb"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new McpServerSettings(
                        "https://mcp.example/mcp", Optional.empty(), Map.of("Bad Name", "v"), McpTimeouts.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeoutsArePositive() {
        assertThatThrownBy(() -> new McpTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connect");
        assertThat(new McpTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(2)).longest())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theRedactorRemovesEverySecret() {
        Redactor redactor = new Redactor(java.util.Set.of("abc", "abcdef"));
        assertThat(redactor.clean("x abcdef y abc z")).isEqualTo("x [redacted] y [redacted] z");
        assertThat(redactor.toString()).doesNotContain("abc");
    }
}
