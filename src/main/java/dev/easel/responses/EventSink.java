package dev.easel.responses;

import dev.easel.json.Wire;
import dev.easel.store.EventLog;
import dev.easel.wire.ResponseEvent;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends a response's typed events to its event log, each serialized as {@code {"type",
 * "sequence_number", …its fields}}: the one place events are written, so streams, replays and
 * stored responses agree. The log keeps the serialized text, so a replay is byte-identical.
 * Used by the response's run thread only.
 */
final class EventSink {
    private final String responseId;
    private final EventLog log;

    EventSink(String responseId, EventLog log) {
        this.responseId = responseId;
        this.log = log;
    }

    void emit(ResponseEvent event) {
        ObjectNode fields = Wire.MAPPER.valueToTree(event);
        log.append(responseId, event.type(), seq -> {
            ObjectNode json = Wire.object();
            json.put("type", event.type());
            json.put("sequence_number", seq);
            json.setAll(fields);
            return Wire.write(json);
        });
    }

    void finish() {
        log.finish(responseId);
    }
}
