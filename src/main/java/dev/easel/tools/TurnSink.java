package dev.easel.tools;

import dev.easel.wire.OutputItem;
import dev.easel.wire.ResponseEvent;

/**
 * Where a turn's state changes go; {@code responses} provides it (the response's event log and
 * stored output). Used by the run thread only.
 */
public interface TurnSink {
    /** Appends an event to the response's stream. */
    void emit(ResponseEvent event);

    /** The {@code output_index} the next output item gets. */
    int nextOutputIndex();

    /** Records a finished (completed or failed) output item at the index it was announced with. */
    void output(OutputItem item);
}
