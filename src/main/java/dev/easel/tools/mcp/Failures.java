package dev.easel.tools.mcp;

import io.modelcontextprotocol.client.transport.InvalidSseMessageEndpointException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import reactor.core.Exceptions;

/**
 * Turns whatever the SDK threw into one {@link McpError}. The order matters: what the HTTP layer
 * saw (a refused request, a non-2xx status) is the most precise fact and wins over the SDK's
 * wrapping; then our own deadline; then connection failures; then a JSON-RPC error from the
 * server. Messages are built here, from facts, never copied from the SDK's exception text (which
 * quotes whole HTTP exchanges); a server's JSON-RPC message is kept, with secrets removed.
 */
final class Failures {
    private Failures() {}

    /** @param step what was being done, for messages ("initialize", "tools/list", "tools/call echo") */
    static McpError map(
            Throwable thrown, ExchangeLog log, String server, String step, Duration limit, Redactor redactor) {
        Throwable t = Exceptions.unwrap(thrown);
        if (log.refusal().isPresent()) {
            return new McpError.ProtocolError(
                    McpError.INTERNAL_ERROR, redactor.clean(log.refusal().get()));
        }
        if (log.failure().isPresent()) {
            ExchangeLog.Failure f = log.failure().get();
            String why = f.status() >= 300 && f.status() < 400
                    ? " (a redirect; redirects from MCP servers are not followed)"
                    : f.status() == 401 || f.status() == 403 ? " (check the server's authorization)" : "";
            return new McpError.HttpError(
                    f.status(), "the MCP server " + server + " answered HTTP " + f.status() + " to " + step + why);
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidSseMessageEndpointException) {
                return new McpError.ProtocolError(McpError.INTERNAL_ERROR, offOrigin(server));
            }
            if (c instanceof TimeoutException) {
                return timedOut(server, step, limit);
            }
            if (c instanceof HttpConnectTimeoutException) {
                return new McpError.Unreachable(
                        "could not connect to the MCP server " + server + " within " + seconds(limit));
            }
            if (c instanceof HttpTimeoutException) {
                return timedOut(server, step, limit);
            }
            if (c instanceof ConnectException || c instanceof ClosedChannelException) {
                return new McpError.Unreachable("could not connect to the MCP server " + server);
            }
            if (c instanceof UnknownHostException) {
                return new McpError.Unreachable("the host of the MCP server " + server + " could not be resolved");
            }
            if (c instanceof SSLException) {
                return new McpError.Unreachable("the TLS connection to the MCP server " + server
                        + " failed (certificate not valid for the host?)");
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof io.modelcontextprotocol.spec.McpError e && e.getJsonRpcError() != null) {
                var rpc = e.getJsonRpcError();
                String message = rpc.message() == null ? "(no message)" : rpc.message();
                return new McpError.ProtocolError(
                        rpc.code(),
                        "the MCP server " + server + " answered " + step + " with JSON-RPC error " + rpc.code() + ": "
                                + redactor.clean(message));
            }
        }
        return new McpError.ProtocolError(
                McpError.INTERNAL_ERROR,
                "the MCP server " + server + " did not give a valid MCP answer to " + step + " ("
                        + t.getClass().getSimpleName() + ")");
    }

    /** The legacy transport's {@code endpoint} event named another origin (the SDK's check, or ours). */
    static String offOrigin(String server) {
        return "the MCP server " + server + " named a message endpoint on another origin, which is not contacted";
    }

    static McpError.ProtocolError timedOut(String server, String step, Duration limit) {
        return new McpError.ProtocolError(
                McpError.REQUEST_TIMEOUT,
                "the MCP server " + server + " did not answer " + step + " within " + seconds(limit));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
