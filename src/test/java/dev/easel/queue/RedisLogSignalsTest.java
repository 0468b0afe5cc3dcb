package dev.easel.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.store.EventCursor;
import dev.easel.store.PostgresServer;
import dev.easel.store.RedisServer;
import dev.easel.store.Storage;
import dev.easel.store.StoredEvent;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Two nodes' event logs on one PostgreSQL, their change notices on one Redis (real servers): a stream followed on
 * one node wakes for the other node's events and end at once, well before the follower's own look at the
 * database (every two seconds with notices), and a node does not wake itself through Redis.
 */
class RedisLogSignalsTest {
    @Test
    void aFollowerOnOneNodeWakesForTheOtherNodesAppendsAndEnd() throws Exception {
        String database = PostgresServer.shared().newDatabase();
        try (Storage a = Storage.openPostgres(database, PostgresServer.USER, Optional.empty(), 2);
                Storage b = Storage.openPostgres(database, PostgresServer.USER, Optional.empty(), 2);
                RedisClient redis = RedisClient.create(
                        java.net.URI.create(RedisServer.shared().url()));
                RedisLogSignals onA = new RedisLogSignals(redis, "node_a");
                RedisLogSignals onB = new RedisLogSignals(redis, "node_b")) {
            a.events().signal(onA);
            b.events().signal(onB);
            Thread.sleep(300); // both readers are tailing the notices
            long before = redis.xlen(RedisLogSignals.STREAM);
            try (EventCursor followed = b.events().follow("resp_1", -1)) {
                for (int i = 0; i < 3; i++) {
                    long sent = System.nanoTime();
                    int seq = i;
                    a.events().append("resp_1", "response.in_progress", n -> "{\"sequence_number\":" + n + "}");
                    Optional<StoredEvent> got = followed.next(Duration.ofSeconds(5));
                    long millis = (System.nanoTime() - sent) / 1_000_000;
                    assertThat(got)
                            .hasValueSatisfying(
                                    e -> assertThat(e.sequenceNumber()).isEqualTo(seq));
                    assertThat(millis)
                            .as("woken by the notice, not by the 2 s look")
                            .isLessThan(1000);
                }
                long sent = System.nanoTime();
                a.events().finish("resp_1");
                assertThat(followed.next(Duration.ofSeconds(5))).isEmpty();
                assertThat((System.nanoTime() - sent) / 1_000_000).isLessThan(1000);
            }
            assertThat(redis.xlen(RedisLogSignals.STREAM) - before)
                    .as("three appends and the end")
                    .isEqualTo(4);
        }
    }
}
