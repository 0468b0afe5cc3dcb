package dev.easel.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one server-sent-events writer: frames each typed event as {@code event: <type>} plus one
 * {@code data:} line of JSON, flushes per event, and records when the client has gone (a write
 * fails, or its connection says so: {@link #onHangUp}) so the caller can cancel the work behind
 * the stream. Works for POST requests whatever
 * the client's Accept header says. Written by one thread, the request's own (a {@link
 * StreamBuffer} hands it the events of engine workers and log followers, which never write to a
 * client); {@link #hangUp} may come from any thread.
 */
final class SseWriter {
    /** The bytes written at a time, between progress reports. */
    private static final int SLICE = 64 * 1024;

    private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|\\r|\\n");
    /** The blank line that ends a frame (after its last data line's own line break). */
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);

    private final OutputStream out;
    private final ClientConnection connection;
    private volatile boolean gone;

    /** A writer on {@code out}, the response body of {@code connection}. */
    SseWriter(OutputStream out, ClientConnection connection) {
        this.out = out;
        this.connection = connection;
    }

    /** Starts a stream on the response: status 200, the event-stream headers, flushed at once. */
    static SseWriter open(Context ctx) throws IOException {
        ctx.status(200);
        ctx.contentType("text/event-stream; charset=utf-8");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no");
        // The stream listens for the client's hang-up on its connection (ClientConnection), so the
        // connection serves no further request.
        ctx.header("Connection", "close");
        SseWriter writer = new SseWriter(ctx.res().getOutputStream(), ClientConnection.of(ctx));
        writer.out.flush();
        return writer;
    }

    /**
     * Runs {@code listener} once when the client hangs up, though nothing is being written (on one
     * of the server's threads; also when the connection closes after the stream ended).
     */
    void onHangUp(Runnable listener) {
        connection.onHangUp(() -> {
            gone = true;
            listener.run();
        });
    }

    /**
     * Drops the client's connection at once, from any thread: a write blocked on a client that
     * stopped reading then fails instead of waiting for the idle timeout. Nothing more is written.
     */
    void hangUp() {
        gone = true;
        connection.drop();
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
        return raw(type, json, written -> {});
    }

    /**
     * {@link #raw(String, String)}, writing the frame in slices of {@value #SLICE} bytes and telling
     * {@code progress} the bytes written so far after each: a slow client's progress shows within
     * one large event (a write blocks until its slice is taken).
     */
    synchronized boolean raw(String type, String json, LongConsumer progress) {
        return raw(type, json.getBytes(StandardCharsets.UTF_8), progress);
    }

    /**
     * {@link #raw(String, String, LongConsumer)} for an event rendered as UTF-8 JSON: the usual
     * case (JSON escapes its line breaks) writes {@code json} itself, with no copy.
     */
    synchronized boolean raw(String type, byte[] json, LongConsumer progress) {
        byte[] head = ("event: " + singleLine(type) + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        if (!hasLineBreak(json)) {
            return write(progress, head, json, END);
        }
        String text = new String(json, StandardCharsets.UTF_8);
        StringBuilder data = new StringBuilder(text.length() + 16);
        String[] lines = LINE_BREAK.split(text, -1);
        for (int i = 0; i < lines.length; i++) {
            data.append(i == 0 ? "" : "data: ").append(lines[i]).append(i == lines.length - 1 ? "" : "\n");
        }
        return write(progress, head, data.toString().getBytes(StandardCharsets.UTF_8), END);
    }

    /** An SSE comment (ignored by clients): a cheap probe for a client that went away. */
    synchronized boolean comment(String text) {
        return write(written -> {}, (": " + singleLine(text) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the bytes hold CR or LF (in UTF-8 no other character's bytes are 10 or 13). */
    private static boolean hasLineBreak(byte[] json) {
        for (byte b : json) {
            if (b == '\n' || b == '\r') {
                return true;
            }
        }
        return false;
    }

    private static String singleLine(String field) {
        return LINE_BREAK.matcher(field).replaceAll(" ");
    }

    boolean clientGone() {
        return gone;
    }

    /** Writes the frame's parts in slices, telling {@code progress} the frame's bytes written so far. */
    private boolean write(LongConsumer progress, byte[]... parts) {
        if (gone) {
            return false;
        }
        try {
            long written = 0;
            for (byte[] bytes : parts) {
                for (int at = 0; at < bytes.length; at += SLICE) {
                    int n = Math.min(SLICE, bytes.length - at);
                    out.write(bytes, at, n);
                    written += n;
                    progress.accept(written);
                }
            }
            out.flush();
            return true;
        } catch (IOException e) {
            gone = true;
            return false;
        }
    }
}
