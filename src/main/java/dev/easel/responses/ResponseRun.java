package dev.easel.responses;

import dev.easel.engine.GenerationCancelledException;
import dev.easel.tools.PlannerLoop;
import dev.easel.tools.TurnContext;
import dev.easel.tools.planner.PlannerException;
import dev.easel.wire.ApiException;
import dev.easel.wire.ErrorObject;
import dev.easel.wire.ResponseError;
import dev.easel.wire.ResponseErrorCode;
import dev.easel.wire.ResponseEvent;
import dev.easel.wire.ResponseObject;
import dev.easel.wire.ResponseStatus;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One response's lifecycle around its turn: in progress, the planner loop, then the terminal
 * status and event, keeping the store's copy of the response current. Runs on its own (virtual)
 * thread.
 */
final class ResponseRun implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ResponseRun.class);

    /** What a run works with besides its state. */
    record Parts(
            PlannerLoop loop,
            TurnContext turn,
            EventSink events,
            ResponseRecorder recorder,
            BooleanSupplier shuttingDown,
            Clock clock) {}

    private final ResponseState state;
    private final Parts parts;
    /** The failed run's {@code error} event, emitted once the failed snapshot is stored. */
    private Optional<ResponseEvent.Error> errorEvent = Optional.empty();

    ResponseRun(ResponseState state, Parts parts) {
        this.state = state;
        this.parts = parts;
    }

    /**
     * Runs the turn. A response deleted while it runs has no log or row left to write to: the run
     * then stops at its next write, quietly.
     */
    @Override
    public void run() {
        try {
            turn();
        } catch (IllegalStateException | java.util.NoSuchElementException gone) {
            log.debug("response {} stopped after it was deleted: {}", state.id, gone.getMessage());
        }
    }

    private void turn() {
        try {
            if (state.status == ResponseStatus.QUEUED) {
                state.status = ResponseStatus.IN_PROGRESS;
                parts.recorder().snapshot(state);
            }
            parts.events().emit(new ResponseEvent.InProgress(state.snapshot()));
            parts.loop().run(parts.turn());
            state.status = ResponseStatus.COMPLETED;
        } catch (GenerationCancelledException e) {
            stopped();
        } catch (PlannerException e) {
            if (parts.turn().cancel().isCancelled()) {
                // A cancel interrupts the planner call; that is not the planner's failure.
                stopped();
            } else {
                log.warn("response {}: planner failed: {}", state.id, e.getMessage());
                fail(ApiException.server(plannerMessage(e)));
            }
        } catch (ApiException e) {
            if (parts.turn().cancel().isCancelled()) {
                stopped();
            } else {
                fail(e);
            }
        } catch (RuntimeException e) {
            if (parts.turn().cancel().isCancelled()) {
                log.debug("response {} stopped by a cancel: {}", state.id, e.toString());
                stopped();
            } else {
                log.error("response {} failed", state.id, e);
                fail(ApiException.server("The server had an error processing your request."));
            }
        } finally {
            Thread.interrupted(); // a cancel's interrupt must not disturb the final writes
            parts.loop().close(); // the MCP sessions of this response
            finish();
        }
    }

    /** A cancelled run: by its client, or by a server shutting down (then it failed, as after a crash). */
    private void stopped() {
        if (parts.shuttingDown().getAsBoolean()) {
            // As after a crash (see ResponsesService.recoverAfterRestart): failed, no error event.
            state.status = ResponseStatus.FAILED;
            state.error = Optional.of(new ResponseError(
                    ResponseErrorCode.SERVER_ERROR,
                    "The server shut down (it restarted) while this response was running; run it again."));
        } else {
            state.status = ResponseStatus.CANCELLED;
        }
    }

    /**
     * What the client is told when the planner fails: the kind of failure and the planner's own
     * error text, but not the endpoint's address (the operator's network is not the client's
     * business; the server log has the details).
     */
    static String plannerMessage(PlannerException e) {
        return switch (e.kind()) {
            case UNREACHABLE -> "The planner failed: its endpoint could not be reached.";
            case TIMEOUT -> "The planner failed: it did not answer in time.";
            case BAD_RESPONSE -> "The planner failed: its answer could not be understood.";
            case HTTP_ERROR ->
                "The planner failed: " + e.getMessage().replaceAll("https?://[^\\s,;)]+", "the planner endpoint");
        };
    }

    /**
     * Ends the run failed: the stream's error event and the stored error carry the same code. The
     * event waits for {@link #finish()}, which stores the failed snapshot first: a client that
     * reads the response as soon as its stream shows the error sees it failed.
     */
    private void fail(ApiException e) {
        ResponseError error = ResponseError.of(e);
        state.status = ResponseStatus.FAILED;
        state.error = Optional.of(error);
        errorEvent = Optional.of(new ResponseEvent.Error(new ErrorObject(
                error.message(),
                e.type().wire(),
                e.param(),
                Optional.of(error.code().wire()))));
    }

    /** Stores the final snapshot and ends the log; the log is ended even when a write before fails, so no stream waits on. */
    private void finish() {
        try {
            if (state.status == ResponseStatus.COMPLETED) {
                state.completedAt = Optional.of(parts.clock().instant().getEpochSecond());
            }
            state.usage = Optional.of(parts.loop().usage());
            parts.recorder().snapshot(state);
            ResponseObject snapshot = state.snapshot();
            errorEvent.ifPresent(parts.events()::emit);
            parts.events().emit(terminal(snapshot));
        } finally {
            parts.events().finish();
        }
    }

    /**
     * The terminal event. A cancelled response ends with {@code response.incomplete}: no official
     * SDK's event union has {@code response.cancelled}, and their stream helpers accept an
     * incomplete end as the end of the stream; its snapshot says {@code cancelled}.
     */
    private static ResponseEvent terminal(ResponseObject snapshot) {
        return switch (snapshot.status()) {
            case COMPLETED -> new ResponseEvent.Completed(snapshot);
            case INCOMPLETE, CANCELLED -> new ResponseEvent.Incomplete(snapshot);
            case FAILED -> new ResponseEvent.Failed(snapshot);
            case QUEUED, IN_PROGRESS -> throw new IllegalStateException("a run ends in a terminal status");
        };
    }
}
