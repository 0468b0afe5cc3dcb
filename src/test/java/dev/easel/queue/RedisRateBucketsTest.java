package dev.easel.queue;

import dev.easel.auth.RateBuckets;
import dev.easel.auth.RateBucketsContract;
import dev.easel.store.RedisServer;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import redis.clients.jedis.RedisClient;

/** The per-key buckets every API node shares, on a real Redis. */
class RedisRateBucketsTest extends RateBucketsContract {
    static final RedisClient redis =
            RedisClient.create(URI.create(RedisServer.shared().url()));

    @AfterAll
    static void close() {
        redis.close();
    }

    @Override
    protected RateBuckets buckets() {
        return new RedisRateBuckets(redis);
    }
}
