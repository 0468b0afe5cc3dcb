package dev.easel.queue;

import dev.easel.auth.OpenStreams;
import dev.easel.auth.RateBuckets;
import dev.easel.store.LogSignals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * This process on the shared Redis ({@code queue.redis_url}): one connection pool, checked at start, and what
 * runs over it for an API node (the engine queue's client, the per-key limits, the event logs' notices) or for a
 * worker. Closing it closes them all, then the pool.
 */
public final class RedisNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisNode.class);

    private final RedisClient redis;
    private final String node;
    private final String where;
    private RedisLogSignals signals;
    private RedisOpenStreams streams;

    private RedisNode(RedisClient redis, String node, String where) {
        this.redis = redis;
        this.node = node;
        this.where = where;
    }

    /**
     * Connects as {@code node} and checks that Redis answers.
     *
     * @throws IllegalStateException naming the host and port, never the password
     */
    public static RedisNode connect(String url, String node) {
        RedisClient redis = QueueKeys.connect(url);
        String where = QueueKeys.describe(url);
        try {
            redis.ping();
        } catch (JedisAccessControlException e) {
            redis.close();
            throw new IllegalStateException("queue.redis_url " + where + " refused its credentials (check the"
                    + " password in the URL, redis://:PASSWORD@host:port, against the server's requirepass or ACL)");
        } catch (JedisException e) {
            redis.close();
            throw new IllegalStateException("queue.redis_url " + where + " cannot be reached: "
                    + e.getClass().getSimpleName());
        }
        log.info("Redis at {}", where);
        return new RedisNode(redis, node, where);
    }

    /**
     * An API node's engine: every image task goes to the workers, whose number, capacity and running jobs
     * {@code meters} shows.
     */
    public RedisEngine engine(
            java.util.random.RandomGenerator random, io.micrometer.core.instrument.MeterRegistry meters) {
        new WorkerRoster(redis).register(meters);
        return new RedisEngine(redis, node, random);
    }

    /** A worker serving the queue's jobs with {@code images}. */
    public RedisWorker worker(
            dev.easel.images.ImageService images, String name, int capacity, java.time.Duration grace) {
        return new RedisWorker(redis, where, images, node, name, capacity, grace);
    }

    /** The per-key limits' buckets, shared by every API node. */
    public RateBuckets rateBuckets() {
        return new RedisRateBuckets(redis);
    }

    /** The keys' open streams, counted for every API node. */
    public synchronized OpenStreams openStreams() {
        if (streams == null) {
            streams = new RedisOpenStreams(redis, node);
        }
        return streams;
    }

    /** The event logs' change notices between API nodes. */
    public synchronized LogSignals logSignals() {
        if (signals == null) {
            signals = new RedisLogSignals(redis, node);
        }
        return signals;
    }

    @Override
    public synchronized void close() {
        if (signals != null) {
            signals.close();
        }
        if (streams != null) {
            streams.close();
        }
        redis.close();
    }
}
