package dev.easel.responses;

import dev.easel.json.Wire;
import dev.easel.store.EventLog;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends a response's stream events to its event log, each as {@code {"type", "sequence_number",
 * …fields}}: the one place events are made, so streams, replays and stored responses agree.
 * Used by the response's run thread only.
 */
final class EventSink {
    private final String responseId;
    private final EventLog log;

    EventSink(String responseId, EventLog log) {
        this.responseId = responseId;
        this.log = log;
    }

    void emit(String type, Consumer<ObjectNode> fields) {
        log.append(responseId, type, seq -> {
            ObjectNode event = Wire.object();
            event.put("type", type);
            event.put("sequence_number", seq);
            fields.accept(event);
            return Wire.write(event);
        });
    }

    /** A lifecycle event carrying the whole Response snapshot. */
    void lifecycle(String type, ResponseState state) {
        ObjectNode snapshot = state.toJson();
        emit(type, e -> e.set("response", snapshot));
    }

    /** An item event: {@code output_index} and {@code item_id} first, as OpenAI orders them. */
    void itemEvent(String type, int outputIndex, String itemId, Consumer<ObjectNode> fields) {
        emit(type, e -> {
            e.put("output_index", outputIndex);
            e.put("item_id", itemId);
            fields.accept(e);
        });
    }

    void finish() {
        log.finish(responseId);
    }
}
