package dev.easel.responses;

import dev.easel.json.Wire;
import dev.easel.store.EventLog;
import dev.easel.store.ResponseRepository;
import dev.easel.store.StoredEvent;
import dev.easel.store.StoredResponse;
import dev.easel.wire.ResponseError;
import dev.easel.wire.ResponseErrorCode;
import dev.easel.wire.ResponseEvent;
import dev.easel.wire.ResponseObject;
import dev.easel.wire.ResponseStatus;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ends the responses this node took over from a node that stopped ({@link Membership}). */
final class AbandonedRuns {
    private static final Logger log = LoggerFactory.getLogger(AbandonedRuns.class);

    private final ResponseRepository responses;
    private final EventLog events;
    private final Membership membership;

    AbandonedRuns(ResponseRepository responses, EventLog events, Membership membership) {
        this.responses = responses;
        this.events = events;
        this.membership = membership;
    }

    /**
     * A response whose node stopped while it was running: a stored one is marked failed with an explanation and
     * its stream ended, so no client waits for it forever; a {@code store: false} one is deleted, as its request
     * would have.
     */
    void end(String id) {
        Optional<StoredResponse> found = responses.find(id);
        if (found.isEmpty() || !found.get().store()) {
            if (found.isPresent()) {
                responses.delete(id);
                log.info("response {} (store: false) was left by a server that stopped; deleted", id);
            }
            membership.release(id);
            return;
        }
        StoredResponse r = found.get();
        ResponseStatus status = ResponseStatus.fromWire(r.status());
        if (status == ResponseStatus.QUEUED || status == ResponseStatus.IN_PROGRESS) {
            ResponseObject failed = ResponseObject.read(r.json())
                    .ended(
                            ResponseStatus.FAILED,
                            Optional.of(new ResponseError(
                                    ResponseErrorCode.SERVER_ERROR,
                                    "The server running this response stopped or restarted while it was "
                                            + r.status().replace('_', ' ') + "; run it again.")));
            responses.update(new StoredResponse(
                    r.id(),
                    failed.status().wire(),
                    r.createdAt(),
                    r.previousResponseId(),
                    r.background(),
                    r.store(),
                    Wire.MAPPER.writeValueAsString(failed),
                    r.owner()));
            EventSink sink = new EventSink(r.id(), events);
            sink.emit(new ResponseEvent.Failed(failed));
            sink.finish();
            log.warn("response {} was {} when the server running it stopped; marked failed", r.id(), r.status());
        } else {
            endLog(r, status);
        }
        membership.release(id);
    }

    /**
     * A response its node ended but whose stream it did not (it stopped between storing the end and appending
     * it): the stored end is appended, unless the log already has it, and the log finished, so that followers end.
     */
    private void endLog(StoredResponse r, ResponseStatus status) {
        List<StoredEvent> stored = events.after(r.id(), -1);
        boolean ended = !stored.isEmpty() && TERMINAL.contains(stored.getLast().type());
        EventSink sink = new EventSink(r.id(), events);
        try {
            if (!ended) {
                ResponseObject snapshot = ResponseObject.read(r.json());
                sink.emit(
                        switch (status) {
                            case COMPLETED -> new ResponseEvent.Completed(snapshot);
                            case FAILED -> new ResponseEvent.Failed(snapshot);
                            default -> new ResponseEvent.Incomplete(snapshot);
                        });
                log.info("response {} was {} but its stream was not ended; ended it", r.id(), r.status());
            }
            sink.finish();
        } catch (IllegalStateException finished) {
            // the log was finished already: nothing to end
        }
    }

    private static final java.util.Set<String> TERMINAL =
            java.util.Set.of("response.completed", "response.failed", "response.incomplete");
}
