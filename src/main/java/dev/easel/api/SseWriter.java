package dev.easel.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one server-sent-events writer: frames each typed event as {@code event: <type>} plus one
 * {@code data:} line of JSON, flushes per event, and records when the client has gone (a write
 * fails) so the caller can cancel the work behind the stream. Works for POST requests whatever
 * the client's Accept header says. Thread-safe: worker threads write previews while the request
 * thread waits.
 */
final class SseWriter {
    private final OutputStream out;
    private volatile boolean gone;

    SseWriter(Context ctx) throws IOException {
        ctx.status(200);
        ctx.contentType("text/event-stream; charset=utf-8");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no");
        this.out = ctx.res().getOutputStream();
        out.flush();
    }

    /** Writes {@code data} (whose "type" is {@code type}); false if the client has gone. */
    synchronized boolean event(String type, ObjectNode data) {
        return write("event: " + type + "\ndata: " + Json.write(data) + "\n\n");
    }

    /** Writes an event already rendered as JSON (from the event log); false if the client has gone. */
    synchronized boolean raw(String type, String json) {
        return write("event: " + type + "\ndata: " + json + "\n\n");
    }

    /** An SSE comment (ignored by clients): a cheap probe for a client that went away. */
    synchronized boolean comment(String text) {
        return write(": " + text + "\n\n");
    }

    boolean clientGone() {
        return gone;
    }

    private boolean write(String frame) {
        if (gone) {
            return false;
        }
        try {
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            gone = true;
            return false;
        }
    }
}
