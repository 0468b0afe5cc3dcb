package dev.easel.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A strict reader of server-sent events as OpenAI streams them: each event is exactly one
 * {@code event: <type>} line, one {@code data: <json>} line and a blank line; comment lines
 * (starting with {@code :}) may stand between events. Anything else fails the test.
 */
final class SseFrames {
    /** One event: its {@code event:} name and its {@code data:} text. */
    record Frame(String event, String data) {}

    private final Iterator<String> lines;
    private int lineNumber;

    SseFrames(Iterator<String> lines) {
        this.lines = lines;
    }

    /** The next event, or empty at the end of the stream. */
    Optional<Frame> next() {
        String event = null;
        String data = null;
        while (lines.hasNext()) {
            String line = lines.next();
            lineNumber++;
            if (line.isEmpty()) {
                if (event == null && data == null) {
                    continue; // the blank line that ends a comment
                }
                if (event == null || data == null) {
                    throw new AssertionError(
                            "line " + lineNumber + ": an event needs both an 'event:' and a 'data:' line" + " (event="
                                    + event + ", data=" + data + ")");
                }
                return Optional.of(new Frame(event, data));
            }
            if (line.startsWith(":")) {
                if (event != null || data != null) {
                    throw new AssertionError("line " + lineNumber + ": a comment inside an event: " + line);
                }
            } else if (line.startsWith("event: ") && event == null && data == null) {
                event = line.substring("event: ".length());
            } else if (line.startsWith("data: ") && event != null && data == null) {
                data = line.substring("data: ".length());
            } else {
                throw new AssertionError("line " + lineNumber + ": unexpected SSE line: "
                        + (line.length() > 120 ? line.substring(0, 120) + "..." : line));
            }
        }
        if (event != null || data != null) {
            throw new AssertionError("the stream ended inside an event (event=" + event + ")");
        }
        return Optional.empty();
    }

    List<Frame> all() {
        List<Frame> out = new ArrayList<>();
        for (Optional<Frame> f = next(); f.isPresent(); f = next()) {
            out.add(f.get());
        }
        return out;
    }
}
