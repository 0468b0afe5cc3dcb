package dev.easel.queue;

import dev.easel.auth.OpenStreams;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Each key's open streams in Redis, for every API node: a sorted set per key ({@code easel:streams:<owner>}) of
 * the streams open, each scored with the time (Redis' clock) it lapses unless its node renews it. A node renews
 * its streams every {@value #RENEW_SECONDS} s, so a dead node's streams lapse within {@value #LAPSE_SECONDS} s
 * and stop counting. Opening is one Lua script: drop the lapsed, count, add. When Redis does not answer, a stream
 * is let open (and logged).
 */
final class RedisOpenStreams implements OpenStreams, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisOpenStreams.class);
    static final long LAPSE_SECONDS = 60;
    static final long RENEW_SECONDS = 20;
    private static final String OPEN = """
            local now = redis.call('TIME')
            local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms)
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
              return 0
            end
            redis.call('ZADD', KEYS[1], ms + tonumber(ARGV[3]), ARGV[2])
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
            return 1
            """;
    private static final String RENEW = """
            local now = redis.call('TIME')
            local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
            redis.call('ZADD', KEYS[1], 'XX', ms + tonumber(ARGV[2]), ARGV[1])
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
            return 1
            """;

    private final RedisClient redis;
    private final String node;
    private final AtomicLong count = new AtomicLong();
    /** This node's open streams: id → key. */
    private final Map<String, String> open = new ConcurrentHashMap<>();

    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("easel-open-streams").daemon().factory());

    RedisOpenStreams(RedisClient redis, String node) {
        this.redis = redis;
        this.node = node;
        renewer.scheduleWithFixedDelay(this::renew, RENEW_SECONDS, RENEW_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public Optional<Open> open(String owner, int limit) {
        String key = "easel:streams:" + owner;
        String id = node + ":" + count.incrementAndGet();
        try {
            Object granted = redis.eval(
                    OPEN, List.of(key), List.of(Integer.toString(limit), id, Long.toString(LAPSE_SECONDS * 1000)));
            if (!(granted instanceof Number n && n.longValue() == 1)) {
                return Optional.empty();
            }
        } catch (JedisException e) {
            log.warn(
                    "open streams: Redis did not answer ({}); letting the stream open",
                    e.getClass().getSimpleName());
            return Optional.of(() -> {});
        }
        open.put(id, key);
        return Optional.of(() -> {
            if (open.remove(id) != null) {
                try {
                    redis.zrem(key, id);
                } catch (JedisException e) {
                    // it lapses by itself
                }
            }
        });
    }

    private void renew() {
        open.forEach((id, key) -> {
            try {
                redis.eval(RENEW, List.of(key), List.of(id, Long.toString(LAPSE_SECONDS * 1000)));
            } catch (JedisException e) {
                log.debug("open streams: not renewed: {}", e.toString());
            }
        });
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
