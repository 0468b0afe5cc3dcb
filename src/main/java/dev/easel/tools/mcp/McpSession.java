package dev.easel.tools.mcp;

import dev.easel.json.Wire;
import dev.easel.safety.UrlGuard;
import dev.easel.safety.UrlRefusedException;
import dev.easel.safety.VettedUrl;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A connection to one remote MCP server, on the official Java SDK's client: Streamable HTTP first
 * (MCP 2025-11-25, negotiating down to 2025-03-26), and the legacy HTTP+SSE transport when the
 * server answers the {@code initialize} POST with 400, 404 or 405 (the back-compat recipe of the
 * MCP spec). The client advertises no capabilities (no sampling, elicitation or roots): Easel
 * runs tools with no human in the loop.
 *
 * <p>Outbound safety: the URL must pass the {@link UrlGuard} before anything is sent; redirects
 * are never followed (a 3xx is an {@link McpError.HttpError}); every request must go to the
 * vetted origin (the legacy transport's {@code endpoint} event is server input). The guard's
 * check and the JDK client's own DNS lookup are two lookups, so unlike {@code UrlGuard.fetch} a
 * name that changes its answer in between is not caught here; IP-literal URLs are exact.
 *
 * <p>Threading: operations of one session run one at a time (they are synchronized); a session
 * is meant for one turn's list and calls. Closing it ends the MCP session ({@code DELETE} on
 * Streamable HTTP) and stops its HTTP clients.
 */
public final class McpSession implements AutoCloseable {
    /** Oldest first: the SDK offers the last one at initialize and accepts any of them in the answer. */
    static final List<String> PROTOCOL_VERSIONS =
            List.of(ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);
    /** The statuses with which a server that only speaks the legacy transport answers a Streamable HTTP POST. */
    private static final Set<Integer> LEGACY_SIGNS = Set.of(400, 404, 405);

    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(5);
    private static final McpSchema.Implementation CLIENT_INFO = new McpSchema.Implementation("easel", "0.1.0");

    private final McpAsyncClient client;
    private final EgressClientBuilder http;
    private final ExchangeLog log;
    private final Redactor redactor;
    private final McpTimeouts timeouts;
    private final String server;
    private final McpTransportKind transport;
    private final String protocolVersion;
    private boolean closed;

    private McpSession(Connection connection, McpTimeouts timeouts, String protocolVersion) {
        this.client = connection.client;
        this.http = connection.http;
        this.log = connection.log;
        this.redactor = connection.redactor;
        this.server = connection.server;
        this.transport = connection.kind;
        this.timeouts = timeouts;
        this.protocolVersion = protocolVersion;
    }

    /**
     * Checks the URL, connects and initializes within {@code settings.timeouts().connect()}.
     *
     * @throws McpException {@link McpError.Unreachable} for a refused URL (before any connection) or
     *     a server that cannot be reached, {@link McpError.HttpError} for a non-2xx answer (401 for
     *     a missing or wrong token), {@link McpError.ProtocolError} for anything else
     */
    public static McpSession open(McpServerSettings settings, UrlGuard guard)
            throws McpException, InterruptedException {
        Objects.requireNonNull(guard, "guard");
        Redactor redactor = new Redactor(settings.secrets());
        VettedUrl vetted;
        try {
            vetted = guard.check(settings.url());
        } catch (UrlRefusedException e) {
            throw new McpException(
                    new McpError.Unreachable("the MCP server URL is refused: " + redactor.clean(e.getMessage())));
        }
        Target target = Target.of(vetted.uri());
        Duration limit = settings.timeouts().connect();
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            try {
                return connect(McpTransportKind.STREAMABLE_HTTP, target, settings, redactor, limit);
            } catch (McpException e) {
                if (!(e.error() instanceof McpError.HttpError h) || !LEGACY_SIGNS.contains(h.status())) {
                    throw e;
                }
            }
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                throw new McpException(Failures.timedOut(target.display, "initialize", limit));
            }
            return connect(McpTransportKind.SSE, target, settings, redactor, left);
        } catch (RuntimeException e) {
            // The SDK refused to set up a transport for this URL: nothing was reached.
            throw new McpException(
                    new McpError.Unreachable("could not set up a connection to the MCP server " + target.display));
        }
    }

    private static McpSession connect(
            McpTransportKind kind, Target target, McpServerSettings settings, Redactor redactor, Duration limit)
            throws McpException, InterruptedException {
        ExchangeLog log = new ExchangeLog();
        EgressClientBuilder http =
                new EgressClientBuilder(log, settings.timeouts().connect());
        McpSyncHttpClientRequestCustomizer headers = (builder, method, uri, body, context) -> {
            if (!target.sameOrigin(uri)) {
                log.refused(
                        "the MCP server " + target.display + " named a message endpoint on another origin; refused");
                throw new IllegalStateException("request to another origin refused");
            }
            settings.bearerToken().ifPresent(token -> builder.setHeader("Authorization", "Bearer " + token));
            settings.headers().forEach(builder::setHeader);
        };
        McpClientTransport transport = switch (kind) {
            case STREAMABLE_HTTP ->
                HttpClientStreamableHttpTransport.builder(target.origin)
                        .endpoint(target.endpoint)
                        .clientBuilder(http)
                        .connectTimeout(settings.timeouts().connect())
                        .httpRequestCustomizer(headers)
                        .supportedProtocolVersions(PROTOCOL_VERSIONS)
                        .build();
            case SSE ->
                HttpClientSseClientTransport.builder(target.origin)
                        .sseEndpoint(target.endpoint)
                        .clientBuilder(http)
                        .connectTimeout(settings.timeouts().connect())
                        .httpRequestCustomizer(headers)
                        .build();
        };
        // The SDK's own limits sit above ours, so the typed timeouts of this class are the ones that fire.
        Duration sdkLimit = settings.timeouts().longest().plusMinutes(1);
        McpAsyncClient client = McpClient.async(transport)
                .requestTimeout(sdkLimit)
                .initializationTimeout(sdkLimit)
                .capabilities(McpSchema.ClientCapabilities.builder().build())
                .clientInfo(CLIENT_INFO)
                .build();
        Connection connection = new Connection(client, http, log, redactor, target.display, kind);
        try {
            McpSchema.InitializeResult init = connection.run(client.initialize(), limit, "initialize");
            return new McpSession(connection, settings.timeouts(), init.protocolVersion());
        } catch (McpException | InterruptedException | RuntimeException e) {
            connection.abandon();
            throw e;
        }
    }

    /** Every tool the server lists (all pages), within the list timeout. */
    public synchronized List<McpTool> listTools() throws McpException, InterruptedException {
        McpSchema.ServerCapabilities capabilities = client.getServerCapabilities();
        if (capabilities != null && capabilities.tools() == null) {
            return List.of(); // a server that offers no tools (only prompts or resources) lists none
        }
        McpSchema.ListToolsResult result =
                onSession(() -> connection().run(client.listTools(), timeouts.list(), "tools/list"));
        try {
            return result.tools() == null
                    ? List.of()
                    : result.tools().stream().map(Conversions::tool).toList();
        } catch (RuntimeException e) {
            // A tool without a name, a schema the mapper cannot read: not a valid listing.
            throw new McpException(new McpError.ProtocolError(
                    McpError.INTERNAL_ERROR, "the MCP server " + server + " answered tools/list with an invalid tool"));
        }
    }

    /** A step of the session; run once more when the server lost the session. */
    private interface Step<T> {
        T run() throws McpException, InterruptedException;
    }

    /**
     * Runs a step; when a Streamable HTTP server answers 404, it no longer knows the session (it
     * restarted, or expired it): the request was not processed, the SDK has started a new session,
     * and the step is sent once more, on it.
     */
    private <T> T onSession(Step<T> step) throws McpException, InterruptedException {
        try {
            return step.run();
        } catch (McpException e) {
            if (transport == McpTransportKind.STREAMABLE_HTTP
                    && e.error() instanceof McpError.HttpError h
                    && h.status() == 404) {
                return step.run();
            }
            throw e;
        }
    }

    /**
     * Calls a tool with its arguments as the JSON text of an object ({@code ""} means none), within
     * the call timeout. A result the server flags {@code isError} is returned, not thrown: see
     * {@link McpCallResult#error()}.
     */
    public synchronized McpCallResult callTool(String name, String argumentsJson)
            throws McpException, InterruptedException {
        Objects.requireNonNull(name, "name");
        Map<String, Object> arguments = arguments(argumentsJson);
        String step = "tools/call " + name;
        McpSchema.CallToolResult result = onSession(() -> connection()
                .run(client.callTool(new McpSchema.CallToolRequest(name, arguments)), timeouts.call(), step));
        try {
            return Conversions.result(result);
        } catch (IllegalArgumentException e) {
            throw new McpException(new McpError.ProtocolError(
                    McpError.INTERNAL_ERROR,
                    "the MCP server " + server + " answered " + step + " with an image that is not base64"));
        } catch (RuntimeException e) {
            throw new McpException(new McpError.ProtocolError(
                    McpError.INTERNAL_ERROR,
                    "the MCP server " + server + " answered " + step + " with a result that is not valid MCP"));
        }
    }

    public McpTransportKind transport() {
        return transport;
    }

    /** The protocol revision the server chose at initialize. */
    public String protocolVersion() {
        return protocolVersion;
    }

    /** Ends the MCP session (best effort, bounded) and stops the HTTP clients. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            client.closeGracefully().timeout(CLOSE_LIMIT).block();
        } catch (RuntimeException e) {
            // The server may be gone already; nothing is left to release but the HTTP clients.
        } finally {
            http.shutdownAll();
        }
    }

    @Override
    public String toString() {
        return "McpSession[server=" + server + ", transport=" + transport + ", protocol=" + protocolVersion + "]";
    }

    private Connection connection() {
        if (closed) {
            throw new IllegalStateException("the MCP session with " + server + " is closed");
        }
        return new Connection(client, http, log, redactor, server, transport);
    }

    private static Map<String, Object> arguments(String json) throws McpException {
        Objects.requireNonNull(json, "argumentsJson");
        if (json.isBlank()) {
            return Map.of();
        }
        try {
            JsonNode node = Wire.MAPPER.readTree(json);
            if (node != null && node.isObject()) {
                return Wire.MAPPER.convertValue(node, MAP);
            }
        } catch (JacksonException e) {
            // reported below
        }
        throw new McpException(
                new McpError.ProtocolError(McpError.INVALID_PARAMS, "the tool arguments are not a JSON object"));
    }

    private static final tools.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new tools.jackson.core.type.TypeReference<>() {};

    /** The parts one attempt at a transport shares with the session built on it. */
    private record Connection(
            McpAsyncClient client,
            EgressClientBuilder http,
            ExchangeLog log,
            Redactor redactor,
            String server,
            McpTransportKind kind) {

        <T> T run(Mono<T> operation, Duration limit, String step) throws McpException, InterruptedException {
            log.reset();
            T value;
            try {
                value = operation.timeout(limit).block();
            } catch (RuntimeException e) {
                if (Thread.interrupted() || Exceptions.unwrap(e) instanceof InterruptedException) {
                    throw new InterruptedException("interrupted during " + step);
                }
                throw new McpException(Failures.map(e, log, server, step, limit, redactor));
            }
            if (value == null) {
                throw new McpException(new McpError.ProtocolError(
                        McpError.INTERNAL_ERROR, "the MCP server " + server + " gave no answer to " + step));
            }
            return value;
        }

        /** After a failed initialize: no graceful close, the server may not even speak MCP. */
        void abandon() {
            try {
                client.close();
            } catch (RuntimeException e) {
                // best effort
            } finally {
                http.shutdownAll();
            }
        }
    }

    /** The vetted URL split the way the SDK's builders want it, and shown without its query in messages. */
    private record Target(String origin, String endpoint, String scheme, String authority, String display) {
        static Target of(URI uri) {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            String authority = uri.getRawAuthority();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String endpoint = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            String origin = scheme + "://" + authority;
            return new Target(origin, endpoint, scheme, authority.toLowerCase(Locale.ROOT), origin + path);
        }

        boolean sameOrigin(URI uri) {
            return uri.getScheme() != null
                    && uri.getScheme().equalsIgnoreCase(scheme)
                    && uri.getRawAuthority() != null
                    && uri.getRawAuthority().toLowerCase(Locale.ROOT).equals(authority);
        }
    }
}
