package dev.easel.api;

import dev.easel.engine.CancelToken;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The MCP tool calls in flight, by session and JSON-RPC request id, so that a client's
 * {@code notifications/cancelled} reaches the engine job of the call it names. The SDK has no
 * cancellation hook of its own; {@link McpServlet} sees every message first. Thread-safe.
 */
final class McpCalls {
    /** A request id as its JSON text ({@code 7} and {@code "7"} are different ids). */
    record Key(String sessionId, String requestId) {}

    private final Map<Key, AtomicBoolean> running = new ConcurrentHashMap<>();

    /** Registers a call; close the returned handle when the call ends. */
    Call start(Key key) {
        AtomicBoolean cancelled = new AtomicBoolean();
        running.put(key, cancelled);
        return new Call(key, cancelled);
    }

    /**
     * Cancels the call, if it is still running; an unknown or finished one is ignored, as the spec
     * asks. Returns whether a running call was found.
     */
    boolean cancel(Key key) {
        AtomicBoolean flag = running.get(key);
        if (flag != null) {
            flag.set(true);
        }
        return flag != null;
    }

    /** One registered call: its engine cancel token, unregistered on close. */
    final class Call implements AutoCloseable {
        private final Key key;
        private final AtomicBoolean cancelled;

        private Call(Key key, AtomicBoolean cancelled) {
            this.key = key;
            this.cancelled = cancelled;
        }

        CancelToken token() {
            return cancelled::get;
        }

        boolean cancelled() {
            return cancelled.get();
        }

        @Override
        public void close() {
            running.remove(key, cancelled);
        }
    }
}
