package dev.easel.store;

import java.util.Objects;

/** One streaming event of a response's log; {@code json} is the event as sent, its sequence_number included. */
public record StoredEvent(String responseId, long sequenceNumber, String type, String json) {
    public StoredEvent {
        Require.text(responseId, "responseId");
        Require.nonNegative(sequenceNumber, "sequenceNumber");
        Require.text(type, "type");
        Objects.requireNonNull(json, "json");
    }
}
