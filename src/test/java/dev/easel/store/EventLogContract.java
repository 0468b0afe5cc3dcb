package dev.easel.store;

import static dev.easel.store.StoreFixtures.WAIT;
import static dev.easel.store.StoreFixtures.drain;
import static dev.easel.store.StoreFixtures.event;
import static dev.easel.store.StoreFixtures.upTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The event log's contract, for every {@link Storage} implementation. */
abstract class EventLogContract extends StorageContract {
    private static final Duration FOREVER = Duration.ofDays(1);

    @Test
    void sequenceNumbersStartAtZeroPerResponse() {
        EventLog log = storage.events();
        StoredEvent first = log.append("resp_1", "response.created", event("response.created"));
        assertThat(first)
                .isEqualTo(new StoredEvent(
                        "resp_1", 0, "response.created", "{\"type\":\"response.created\",\"sequence_number\":0}"));
        assertThat(log.append("resp_1", "response.in_progress", event("x")).sequenceNumber())
                .isEqualTo(1);
        assertThat(log.append("resp_2", "response.created", event("x")).sequenceNumber())
                .isZero();
        assertThat(log.append("resp_1", "response.completed", event("x")).sequenceNumber())
                .isEqualTo(2);
        assertThat(log.after("resp_1", -1))
                .extracting(StoredEvent::type)
                .containsExactly("response.created", "response.in_progress", "response.completed");
        assertThat(log.after("resp_1", 0))
                .extracting(StoredEvent::sequenceNumber)
                .containsExactly(1L, 2L);
        assertThat(log.after("resp_1", 2)).isEmpty();
        assertThat(log.after("resp_3", -1)).isEmpty();
    }

    @Test
    void concurrentAppendersGetGaplessNumbers() throws Exception {
        int appenders = 4;
        int each = 40;
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < appenders; t++) {
            String own = "resp_" + t;
            tasks.add(() -> {
                go.await();
                for (int i = 0; i < each; i++) {
                    storage.events().append(own, "e", event("e"));
                    storage.events().append("resp_shared", "e", event("e"));
                }
                return null;
            });
        }
        runAll(tasks, go);
        for (int t = 0; t < appenders; t++) {
            assertThat(storage.events().after("resp_" + t, -1))
                    .extracting(StoredEvent::sequenceNumber)
                    .isEqualTo(upTo(each));
        }
        assertThat(storage.events().after("resp_shared", -1))
                .extracting(StoredEvent::sequenceNumber)
                .isEqualTo(upTo(appenders * each));
    }

    @Test
    void followersRacingAppendsSeeEveryEventOnceInOrder() throws Exception {
        int events = 150;
        CountDownLatch go = new CountDownLatch(1);
        List<EventCursor> cursors = List.of(
                storage.events().follow("resp_1", -1),
                storage.events().follow("resp_1", -1),
                storage.events().follow("resp_1", -1));
        List<Callable<List<Long>>> followers = new ArrayList<>();
        for (EventCursor cursor : cursors) {
            followers.add(() -> {
                go.await();
                try (cursor) {
                    return drain(cursor);
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(followers.size());
        try {
            List<Future<List<Long>>> seen = followers.stream().map(pool::submit).toList();
            go.countDown();
            for (int i = 0; i < events; i++) {
                storage.events().append("resp_1", "e", event("e"));
            }
            storage.events().finish("resp_1");
            for (Future<List<Long>> follower : seen) {
                assertThat(follower.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(upTo(events));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void followingAfterNYieldsTheLaterEvents() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            storage.events().append("resp_1", "e", event("e"));
        }
        try (EventCursor cursor = storage.events().follow("resp_1", 2)) {
            assertThat(cursor.next(WAIT).map(StoredEvent::sequenceNumber)).contains(3L);
            assertThat(cursor.next(WAIT).map(StoredEvent::sequenceNumber)).contains(4L);
            storage.events().append("resp_1", "e", event("e"));
            storage.events().append("resp_1", "e", event("e"));
            storage.events().finish("resp_1");
            assertThat(drain(cursor)).containsExactly(5L, 6L);
        }
    }

    @Test
    void followersAfterFinishReplayAndEndAtOnce() {
        for (int i = 0; i < 3; i++) {
            storage.events().append("resp_1", "e", event("e"));
        }
        storage.events().finish("resp_1");
        assertTimeoutPreemptively(WAIT, () -> {
            try (EventCursor all = storage.events().follow("resp_1", -1)) {
                assertThat(all.isFinished()).isFalse();
                assertThat(all.next(FOREVER).map(StoredEvent::sequenceNumber)).contains(0L);
                assertThat(all.next(FOREVER).map(StoredEvent::sequenceNumber)).contains(1L);
                assertThat(all.next(FOREVER).map(StoredEvent::sequenceNumber)).contains(2L);
                assertThat(all.isFinished()).isTrue();
                assertThat(all.next(FOREVER)).isEmpty();
            }
            try (EventCursor none = storage.events().follow("resp_1", 2)) {
                assertThat(none.isFinished()).isTrue();
                assertThat(none.next(FOREVER)).isEmpty();
            }
        });
    }

    @Test
    void aWaitingFollowerWakesOnAppendAndOnFinish() throws Exception {
        AtomicReference<Thread> follower = new AtomicReference<>();
        ExecutorService pool = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "follower");
            follower.set(thread);
            return thread;
        });
        try (EventCursor cursor = storage.events().follow("resp_1", -1)) {
            assertThat(cursor.next(Duration.ofMillis(20))).isEmpty();
            assertThat(cursor.isFinished()).isFalse();
            Future<Optional<StoredEvent>> waiting = pool.submit(() -> cursor.next(FOREVER));
            awaitWaiting(follower.get());
            storage.events().append("resp_1", "response.created", event("response.created"));
            assertThat(waiting.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).map(StoredEvent::type))
                    .contains("response.created");
            Future<Optional<StoredEvent>> ending = pool.submit(() -> cursor.next(FOREVER));
            awaitWaiting(follower.get());
            storage.events().finish("resp_1");
            assertThat(ending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEmpty();
            assertThat(cursor.isFinished()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Returns once the thread waits with a timeout (the follower's wait for an append); fails after WAIT. */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime() - deadline).as("the follower waits").isNegative();
            Thread.sleep(1);
        }
    }

    @Test
    void finishedLogsTakeNoMoreEvents() {
        storage.events().append("resp_1", "e", event("e"));
        storage.events().finish("resp_1");
        storage.events().finish("resp_1");
        assertThatThrownBy(() -> storage.events().append("resp_1", "e", event("e")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(storage.events().after("resp_1", -1)).hasSize(1);
    }

    @Test
    void discardDropsTheEventsAndEndsTheLog() throws Exception {
        for (int i = 0; i < 3; i++) {
            storage.events().append("resp_1", "e", event("e"));
        }
        try (EventCursor open = storage.events().follow("resp_1", -1)) {
            storage.events().discard("resp_1");
            assertTimeoutPreemptively(WAIT, () -> drain(open));
        }
        assertThat(storage.events().after("resp_1", -1)).isEmpty();
        try (EventCursor late = storage.events().follow("resp_1", -1)) {
            assertThat(assertTimeoutPreemptively(WAIT, () -> late.next(FOREVER)))
                    .isEmpty();
        }
        assertThatThrownBy(() -> storage.events().append("resp_1", "e", event("e")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closedCursorsRefuseToIterate() {
        EventCursor cursor = storage.events().follow("resp_1", -1);
        cursor.close();
        cursor.close();
        assertThat(cursor.isFinished()).isTrue();
        assertThatThrownBy(() -> cursor.next(WAIT)).isInstanceOf(IllegalStateException.class);
    }

    /** Runs the tasks on their own threads, opens the gate, and waits for them all. */
    private static void runAll(List<Callable<Void>> tasks, CountDownLatch gate) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<Void>> running = tasks.stream().map(pool::submit).toList();
            gate.countDown();
            for (Future<Void> task : running) {
                task.get(WAIT.toMillis() * 5, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
