package dev.easel.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.auth.OpenStreams;
import dev.easel.auth.OpenStreamsContract;
import dev.easel.store.RedisServer;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The open streams every API node shares, on a real Redis; a dead node's streams lapse. */
class RedisOpenStreamsTest extends OpenStreamsContract {
    static final RedisClient redis =
            RedisClient.create(URI.create(RedisServer.shared().url()));
    static final RedisOpenStreams nodeA = new RedisOpenStreams(redis, "node_a");
    static final RedisOpenStreams nodeB = new RedisOpenStreams(redis, "node_b");

    @AfterAll
    static void close() {
        nodeA.close();
        nodeB.close();
        redis.close();
    }

    @Override
    protected OpenStreams streams() {
        return nodeA;
    }

    @Test
    void twoNodesCountOneKeysStreamsTogether() {
        String owner = owner();
        assertThat(nodeA.open(owner, 2)).isPresent();
        assertThat(nodeB.open(owner, 2)).isPresent();
        assertThat(nodeA.open(owner, 2)).isEmpty();
        assertThat(nodeB.open(owner, 2)).isEmpty();
    }

    @Test
    void aStreamWhoseNodeStoppedRenewingItLapses() {
        String owner = owner();
        // A stream a dead node left: its lapse time is past.
        redis.zadd("easel:streams:" + owner, 1, "node_dead:1");
        assertThat(nodeA.open(owner, 1)).as("the lapsed one does not count").isPresent();
        assertThat(redis.zscore("easel:streams:" + owner, "node_dead:1")).isNull();
    }
}
