package dev.easel.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one server-sent-events writer: frames each typed event as {@code event: <type>} plus one
 * {@code data:} line of JSON, flushes per event, and records when the client has gone (a write
 * fails) so the caller can cancel the work behind the stream. Works for POST requests whatever
 * the client's Accept header says. Thread-safe: worker threads write previews while the request
 * thread waits.
 */
final class SseWriter {
    private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|\\r|\\n");
    private final OutputStream out;
    private volatile boolean gone;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    /** Starts a stream on the response: status 200, the event-stream headers, flushed at once. */
    static SseWriter open(Context ctx) throws IOException {
        ctx.status(200);
        ctx.contentType("text/event-stream; charset=utf-8");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no");
        SseWriter writer = new SseWriter(ctx.res().getOutputStream());
        writer.out.flush();
        return writer;
    }

    /** Writes {@code data} (whose "type" is {@code type}); false if the client has gone. */
    synchronized boolean event(String type, ObjectNode data) {
        return raw(type, Json.write(data));
    }

    /**
     * Writes an event already rendered as JSON (from the event log); false if the client has gone.
     * The fields are cleaned here, the one place frames are made: CR and LF end an SSE field, so
     * the event name loses them, and data holding line breaks is sent as several {@code data:}
     * lines, which a client joins back with LF.
     */
    synchronized boolean raw(String type, String json) {
        StringBuilder frame = new StringBuilder(json.length() + type.length() + 16);
        frame.append("event: ").append(singleLine(type)).append('\n');
        for (String line : LINE_BREAK.split(json, -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        return write(frame.append('\n').toString());
    }

    /** An SSE comment (ignored by clients): a cheap probe for a client that went away. */
    synchronized boolean comment(String text) {
        return write(": " + singleLine(text) + "\n\n");
    }

    private static String singleLine(String field) {
        return LINE_BREAK.matcher(field).replaceAll(" ");
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
