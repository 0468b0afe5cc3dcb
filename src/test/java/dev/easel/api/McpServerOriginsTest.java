package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Origin and Host lists {@code /mcp} is held to, for each kind of listening address. */
class McpServerOriginsTest {
    @Test
    void aLoopbackServerTakesItsOwnOriginsAndHostsOnItsPortOnly() throws Exception {
        DefaultServerTransportSecurityValidator v = McpEndpoint.validator("127.0.0.1", 8080);

        v.validateHeaders(headers("http://localhost:8080", "127.0.0.1:8080"));
        v.validateHeaders(headers("https://[::1]:8080", "localhost:8080"));
        v.validateHeaders(Map.of("Host", List.of("127.0.0.1:8080")));
        refused(v, headers("http://localhost:8081", "127.0.0.1:8080"), 403, "Invalid Origin header");
        refused(v, headers("http://localhost:8080.evil.example", "127.0.0.1:8080"), 403, "Invalid Origin header");
        refused(v, headers("null", "127.0.0.1:8080"), 403, "Invalid Origin header");
        // The SDK answers a foreign Host with 421 Misdirected Request.
        refused(v, Map.of("Host", List.of("evil.example:8080")), 421, "Invalid Host header");
    }

    @Test
    void aServerOpenToOtherMachinesTakesAnyHostAndItsNamedHostAsAnOrigin() throws Exception {
        DefaultServerTransportSecurityValidator all = McpEndpoint.validator("0.0.0.0", 8080);
        all.validateHeaders(headers("http://127.0.0.1:8080", "192.168.1.5:8080"));
        refused(all, headers("http://192.168.1.5:8080", "192.168.1.5:8080"), 403, "Invalid Origin header");

        DefaultServerTransportSecurityValidator named = McpEndpoint.validator("192.168.1.5", 8080);
        named.validateHeaders(headers("http://192.168.1.5:8080", "192.168.1.5:8080"));
        refused(named, headers("http://evil.example", "192.168.1.5:8080"), 403, "Invalid Origin header");
    }

    private static Map<String, List<String>> headers(String origin, String host) {
        return Map.of("Origin", List.of(origin), "Host", List.of(host));
    }

    private static void refused(
            DefaultServerTransportSecurityValidator v, Map<String, List<String>> headers, int status, String message) {
        assertThatThrownBy(() -> v.validateHeaders(headers))
                .isInstanceOfSatisfying(
                        ServerTransportSecurityException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(status))
                .hasMessage(message);
    }
}
