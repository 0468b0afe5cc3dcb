package dev.easel.responses;

import dev.easel.tools.TurnSink;
import dev.easel.wire.OutputItem;
import dev.easel.wire.ResponseEvent;

/** The turn's sink: events to the response's log, finished items into its state and the store. */
final class RunSink implements TurnSink {
    private final ResponseState state;
    private final EventSink events;
    private final ResponseRecorder recorder;

    RunSink(ResponseState state, EventSink events, ResponseRecorder recorder) {
        this.state = state;
        this.events = events;
        this.recorder = recorder;
    }

    @Override
    public void emit(ResponseEvent event) {
        events.emit(event);
    }

    @Override
    public int nextOutputIndex() {
        return state.output.size();
    }

    @Override
    public void output(OutputItem item) {
        state.output.add(item);
        recorder.output(state, item, state.output.size() - 1);
    }
}
