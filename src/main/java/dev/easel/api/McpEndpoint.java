package dev.easel.api;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityValidator;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Easel as an MCP server at {@code /mcp}: the official Java SDK's Streamable HTTP transport (a
 * servlet) hosted on the same Jetty and port as the OpenAI routes, with the tools of
 * {@link McpImageTools}. Javalin's routes, its before/after handlers and its error rendering do
 * not see {@code /mcp}; its refusals are JSON-RPC errors. Browsers' {@code Origin}s are held to
 * the server's own (loopback, and the configured host, on its port); clients that send no
 * {@code Origin} (not browsers) are let in. It takes the same API keys as the HTTP API
 * ({@code Authorization: Bearer}); a request without a valid one is a 401.
 */
final class McpEndpoint implements AutoCloseable {
    static final String PATH = "/mcp";
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    /**
     * The transport's session sweeper, as Reactor names its scheduler. The SDK's transport (2.1.0
     * and 2.2.0) sweeps idle sessions on a single scheduler of its own whose thread is no daemon,
     * and on close it stops the sweeps but not that scheduler: a JVM that closed Easel could not
     * exit, and every server started and closed in one JVM left its thread behind. Reactor hands
     * each scheduler it starts to its executor decorators on the starting thread; the sweeper's
     * is kept to be disposed with the endpoint. Only that one: the shared schedulers started on
     * the way (the keep-alive's bounded elastic one) serve every transport and client in the JVM.
     */
    private static final String SWEEPER = "streamable-http-server-transport-session-sweeper";

    private static final ThreadLocal<List<Scheduler>> STARTING = new ThreadLocal<>();

    static {
        Schedulers.addExecutorServiceDecorator(McpEndpoint.class.getName(), (scheduler, executor) -> {
            List<Scheduler> started = STARTING.get();
            if (started != null && scheduler.toString().contains(SWEEPER)) {
                started.add(scheduler);
            }
            return executor;
        });
    }

    private final McpServlet servlet;
    private final McpSyncServer server;
    /** The transport's session sweeper, disposed once the server has closed. */
    private final List<Scheduler> schedulers = new ArrayList<>();

    McpEndpoint(
            ApiServer.Settings settings,
            ApiServer.Services services,
            String version,
            Auth auth,
            ImageUrls urls,
            RateLimits rates) {
        McpCalls calls = new McpCalls();
        HttpServletStreamableServerTransportProvider transport;
        STARTING.set(schedulers);
        try {
            transport = HttpServletStreamableServerTransportProvider.builder()
                    .mcpEndpoint(PATH)
                    // Origin and Host are checked in front, by McpServlet, once the port is known.
                    .securityValidator(ServerTransportSecurityValidator.NOOP)
                    .contextExtractor(McpEndpoint::context)
                    .maxRequestSize((int) Math.min(Integer.MAX_VALUE, settings.maxBodyBytes()))
                    .build();
        } finally {
            STARTING.remove();
        }
        McpImageTools tools = new McpImageTools(services, settings.limits(), calls, urls, rates);
        this.server = McpServer.sync(transport)
                .serverInfo("easel", version)
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .validateToolInputs(false)
                .tools(tools.specifications())
                .build();
        String host = settings.host();
        this.servlet =
                new McpServlet(transport, port -> validator(host, port), calls, settings.maxBodyBytes(), auth, rates);
    }

    /** Mounts the endpoint on Javalin's servlet context (an exact path, ahead of Javalin's {@code /*}). */
    void install(ServletContextHandler handler) {
        ServletHolder holder = new ServletHolder("easel-mcp", servlet);
        holder.setAsyncSupported(true);
        handler.addServlet(holder, PATH);
    }

    /** What a tool needs of its HTTP request: the call's JSON-RPC id and the server's URL as the client addressed it. */
    private static McpTransportContext context(HttpServletRequest request) {
        Map<String, Object> values = new HashMap<>();
        Object caller = request.getAttribute(Auth.CALLER);
        if (caller != null) {
            values.put(Auth.CALLER, caller);
        }
        Object id = request.getAttribute(McpServlet.REQUEST_ID);
        if (id != null) {
            values.put(McpServlet.REQUEST_ID, id);
        }
        return McpTransportContext.create(values);
    }

    /**
     * Origins: the loopback names and the configured host, on the server's port, http or https.
     * Hosts: on a loopback server, only the loopback names on that port (a DNS-rebinding page has
     * another Host); on a server open to other machines, any, as their names are not known here.
     * Exact entries: the SDK's {@code :*} port wildcard is a prefix match that would also let in
     * {@code http://localhost:8080.evil.example}.
     */
    static DefaultServerTransportSecurityValidator validator(String host, int port) {
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "[::1]"));
        boolean loopback = LOOPBACK.contains(host);
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.isEmpty();
        if (!loopback && !wildcard) {
            names.add(host.contains(":") ? "[" + host + "]" : host);
        }
        List<String> origins = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (String name : names) {
            origins.add("http://" + name + ":" + port);
            origins.add("https://" + name + ":" + port);
            hosts.add(name + ":" + port);
        }
        DefaultServerTransportSecurityValidator.Builder builder =
                DefaultServerTransportSecurityValidator.builder().allowedOrigins(origins);
        if (loopback) {
            builder.allowedHosts(hosts);
        }
        return builder.build();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            schedulers.forEach(Scheduler::dispose);
        }
    }
}
