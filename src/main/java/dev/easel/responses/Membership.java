package dev.easel.responses;

import dev.easel.store.NodeRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node among the nodes that share the store (on SQLite it is the only one): each response it runs is held
 * in the store under its id, and it beats every {@link #BEAT}. At each beat it cancels its runs that another
 * node asked to cancel, and ends the runs that other nodes abandoned: a node that stopped beating for
 * {@link #TIMEOUT}, left, or an earlier start of this node (the same name: host and data folder). So a response
 * whose node died is ended by another within about {@code TIMEOUT}, and at once by the node itself when it
 * starts again. On a store no other node uses (SQLite) it does this once, at start, and writes nothing after.
 */
public final class Membership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Membership.class);
    public static final Duration BEAT = Duration.ofSeconds(1);
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final NodeRepository nodes;
    private final String id;
    private final String name;
    private final String role;
    private final Clock clock;
    private final long startedAt;
    private final boolean shared;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "easel-membership");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param id this start's own id, never used before
     * @param name what stays the same across this node's restarts
     * @param clock wall time, the same on every node (heartbeats are compared across them: nodes need NTP)
     * @param shared whether other nodes use the store; if not, there is nothing to beat for after the start
     */
    public Membership(NodeRepository nodes, String id, String name, String role, Clock clock, boolean shared) {
        this.shared = shared;
        this.nodes = nodes;
        this.id = id;
        this.name = name;
        this.role = role;
        this.clock = clock;
        this.startedAt = clock.millis();
    }

    void claim(String responseId) {
        nodes.claim(responseId, id);
    }

    void release(String responseId) {
        nodes.release(responseId);
    }

    /** Asks whichever node runs the response to cancel it; false when none does. */
    boolean requestCancel(String responseId) {
        return nodes.requestCancel(responseId);
    }

    /**
     * Beats, ends what was abandoned (before this returns, so a restarted node has ended its earlier start's runs
     * before it serves), then, on a shared store, does the same every {@link #BEAT}.
     *
     * @param end ends a response this node took over (and releases it)
     * @param cancel cancels a response this node runs, if it still does
     */
    void start(Consumer<String> end, Consumer<String> cancel) {
        tick(end, cancel);
        if (!shared) {
            return;
        }
        timer.scheduleWithFixedDelay(() -> tick(end, cancel), BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick(Consumer<String> end, Consumer<String> cancel) {
        try {
            long now = clock.millis();
            nodes.beat(id, name, role, startedAt, now);
            nodes.cancelRequested(id).forEach(cancel);
            for (String responseId : nodes.takeOverAbandoned(id, name, now - TIMEOUT.toMillis())) {
                try {
                    end.accept(responseId);
                } catch (RuntimeException e) {
                    log.error("response {}: its abandoned run could not be ended; tried again", responseId, e);
                    letGo(responseId); // unheld and unfinished, it is taken over again at the next beat
                }
            }
        } catch (RuntimeException e) {
            log.warn("node {}: heartbeat failed: {}", id, e.toString());
        }
    }

    private void letGo(String responseId) {
        try {
            nodes.release(responseId);
        } catch (RuntimeException e) {
            log.warn("response {}: could not let go of it: {}", responseId, e.toString());
        }
    }

    /** Whether other nodes share the store (and can serve this node's clients once it is gone). */
    public boolean shared() {
        return shared;
    }

    /** Stops beating and leaves: what this node still holds is abandoned, and taken over at once by another. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            nodes.leave(id);
        } catch (RuntimeException e) {
            log.warn("node {}: could not leave the store: {}", id, e.toString());
        }
    }
}
