package dev.easel.api;

import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import tools.jackson.databind.JsonNode;

/**
 * {@code /mcp} on Easel's own Jetty: the SDK's Streamable HTTP servlet, behind a thin front that
 * (1) checks {@code Origin} (and, on a loopback server, {@code Host}) with the SDK's validator and
 * answers a refusal as a JSON-RPC error with the validator's status (403), (2) holds POST bodies to
 * the server's body limit, (3) notes a {@code tools/call}'s request id for the tool (the SDK hands
 * tools no request id) and (4) routes {@code notifications/cancelled} to {@link McpCalls}. Every
 * message then goes on to the SDK unchanged.
 */
final class McpServlet extends HttpServlet {
    static final String REQUEST_ID = "easel.mcp.request_id";
    static final String SESSION_HEADER = "Mcp-Session-Id";

    private final HttpServletStreamableServerTransportProvider transport;
    private final IntFunction<DefaultServerTransportSecurityValidator> validators;
    /** Built on the first request, when the port (0 in the settings: any free one) is known. */
    private volatile DefaultServerTransportSecurityValidator validator;

    private final McpCalls calls;
    private final long maxBodyBytes;
    private final Auth auth;
    private final RateLimits rates;

    McpServlet(
            HttpServletStreamableServerTransportProvider transport,
            IntFunction<DefaultServerTransportSecurityValidator> validators,
            McpCalls calls,
            long maxBodyBytes,
            Auth auth,
            RateLimits rates) {
        this.rates = rates;
        this.transport = transport;
        this.validators = validators;
        this.calls = calls;
        this.maxBodyBytes = maxBodyBytes;
        this.auth = auth;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        transport.init(config);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        try {
            validator(req.getLocalPort()).validateHeaders(headers(req));
        } catch (ServerTransportSecurityException e) {
            error(res, e.getStatusCode(), McpSchema.ErrorCodes.INVALID_REQUEST, e.getMessage());
            return;
        }
        dev.easel.auth.Caller caller;
        try {
            caller = auth.authenticate(req.getHeader("Authorization"));
            req.setAttribute(Auth.CALLER, caller);
        } catch (dev.easel.wire.ApiException e) {
            res.setHeader("WWW-Authenticate", Auth.CHALLENGE);
            error(res, e.status(), McpSchema.ErrorCodes.INVALID_REQUEST, e.getMessage());
            return;
        }
        try {
            rates.request(caller, res::setHeader);
        } catch (dev.easel.wire.ApiException e) {
            if (e.retryAfterSeconds() > 0) {
                res.setHeader("Retry-After", Integer.toString(e.retryAfterSeconds()));
            }
            error(res, e.status(), McpSchema.ErrorCodes.INVALID_REQUEST, e.getMessage());
            return;
        }
        if (!"POST".equals(req.getMethod())) {
            transport.service((jakarta.servlet.ServletRequest) req, res);
            return;
        }
        if (req.getContentLengthLong() > maxBodyBytes) {
            Requests.discard(req);
            error(res, 413, McpSchema.ErrorCodes.INVALID_REQUEST, ApiServer.bodyTooLargeMessage(maxBodyBytes));
            return;
        }
        byte[] body;
        try {
            body = req.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        } catch (IOException | RuntimeException unreadable) {
            String message = Requests.unreadableBody(unreadable)
                    .map(Throwable::getMessage)
                    .orElse("The request body could not be read.");
            error(res, 400, McpSchema.ErrorCodes.INVALID_REQUEST, message);
            return;
        }
        if (body.length > maxBodyBytes) {
            error(res, 413, McpSchema.ErrorCodes.INVALID_REQUEST, ApiServer.bodyTooLargeMessage(maxBodyBytes));
            return;
        }
        JsonNode message;
        try {
            message = RequestJson.read(body);
        } catch (dev.easel.wire.ApiException e) {
            error(res, 400, McpSchema.ErrorCodes.PARSE_ERROR, e.getMessage());
            return;
        }
        Optional<String> problem = McpErrors.envelopeProblem(message);
        if (problem.isPresent()) {
            error(res, 400, McpSchema.ErrorCodes.INVALID_REQUEST, problem.get());
            return;
        }
        if (inspect(req, message)) {
            // A cancel of a call of this session that is running: acknowledged here, as the SDK
            // has no handler for it (it would log a warning per cancel).
            res.setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        McpErrors.Rewriting rewriting = new McpErrors.Rewriting(res);
        transport.service((jakarta.servlet.ServletRequest) new Replayed(req, body), rewriting);
        rewriting.finish();
    }

    private DefaultServerTransportSecurityValidator validator(int port) {
        DefaultServerTransportSecurityValidator v = validator;
        if (v == null) {
            v = validators.apply(port);
            validator = v;
        }
        return v;
    }

    /**
     * Notes what Easel needs from a message (its envelope checked already).
     *
     * @return true when the message was a cancel that reached a running call, and needs nothing more
     */
    private boolean inspect(HttpServletRequest req, JsonNode message) {
        if (!message.path("method").isString()) {
            return false;
        }
        String method = message.get("method").asString();
        if (method.equals("tools/call") && message.hasNonNull("id")) {
            req.setAttribute(REQUEST_ID, message.get("id").toString());
        } else if (method.equals("notifications/cancelled")) {
            JsonNode id = message.path("params").path("requestId");
            String session = req.getHeader(SESSION_HEADER);
            return !id.isMissingNode()
                    && !id.isNull()
                    && session != null
                    && !message.has("id")
                    && calls.cancel(new McpCalls.Key(session, id.toString()));
        }
        return false;
    }

    /** A JSON-RPC error response (id null: the message was not read) with the HTTP status of the refusal. */
    private static void error(HttpServletResponse res, int status, int code, String message) throws IOException {
        var body = Json.object();
        body.put("jsonrpc", "2.0");
        body.putNull("id");
        body.putObject("error").put("code", code).put("message", message);
        res.setStatus(status);
        res.setContentType("application/json");
        res.setCharacterEncoding("UTF-8");
        res.getOutputStream().write(Json.MAPPER.writeValueAsBytes(body));
    }

    private static Map<String, List<String>> headers(HttpServletRequest req) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name, Collections.list(req.getHeaders(name)));
        }
        return headers;
    }

    @Override
    public void destroy() {
        transport.destroy();
        super.destroy();
    }

    /** The request with its body, already read here, readable again by the SDK. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body has been read already");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
