package dev.easel.tools.mcp;

import dev.easel.safety.UrlGuard;
import dev.easel.safety.UrlPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * The client side of the MCP conformance suite (run by {@link McpConformanceClientTest}): {@code
 * conformance client --command "java -cp ... dev.easel.tools.mcp.ConformanceClient" --scenario S}
 * starts a mock server for S and runs this with its URL as the last argument and S in {@code
 * MCP_CONFORMANCE_SCENARIO}. It opens an {@link McpSession} as Easel does (the URL guard
 * allow-lists only the mock server's loopback port), lists the tools, makes the calls the
 * scenario waits for, and closes the session. Exit code 0 when every step worked, 1 otherwise
 * (with the error on stderr); the suite's checks judge the wire.
 */
public final class ConformanceClient {
    /** Short limits: a scenario's mock answers at once, and a hang should end well before the suite's own timeout. */
    private static final McpTimeouts TIMEOUTS =
            new McpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));

    private ConformanceClient() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ConformanceClient <mock server URL> (scenario in MCP_CONFORMANCE_SCENARIO)");
            System.exit(2);
        }
        String url = args[args.length - 1];
        String scenario = System.getenv().getOrDefault("MCP_CONFORMANCE_SCENARIO", "");
        McpServerSettings settings = McpServerSettings.of(url).withTimeouts(TIMEOUTS);
        try (McpSession session = McpSession.open(settings, guard(URI.create(url)))) {
            System.out.println("protocol " + session.protocolVersion());
            switch (scenario) {
                // Its mock server advertises no capabilities: a server without tools lists none, asking nothing.
                case "initialize" -> {
                    if (!session.listTools().isEmpty()) {
                        throw new IllegalStateException("a server without the tools capability listed tools");
                    }
                }
                case "tools_call" -> call(session, "add_numbers", "{\"a\":5,\"b\":3}");
                case "sse-retry" -> call(session, "test_reconnection", "{}");
                default -> throw new IllegalArgumentException("no steps for scenario " + scenario);
            }
        } catch (McpException e) {
            System.err.println("scenario " + scenario + " failed: " + e.error());
            System.exit(1);
        }
    }

    private static void call(McpSession session, String tool, String arguments) throws Exception {
        List<McpTool> tools = session.listTools();
        System.out.println("tools " + tools.stream().map(McpTool::name).toList());
        McpCallResult result = session.callTool(tool, arguments);
        System.out.println(tool + ": " + result.texts() + (result.isError() ? " (isError)" : ""));
        if (result.isError()) {
            throw new McpException(result.error().orElseThrow());
        }
    }

    /**
     * The mock servers listen on every interface and name themselves {@code localhost}: allow that
     * host on that port only, and resolve it to the loopback address without DNS.
     */
    private static UrlGuard guard(URI url) {
        String host = url.getHost();
        return new UrlGuard(UrlPolicy.parse(host + ":" + url.getPort()), name -> {
            if (!name.equalsIgnoreCase("localhost")) {
                throw new UnknownHostException(name);
            }
            return List.of(InetAddress.getLoopbackAddress());
        });
    }
}
