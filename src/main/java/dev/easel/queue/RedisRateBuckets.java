package dev.easel.queue;

import dev.easel.auth.RateBuckets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Per-key token buckets in Redis ({@code easel:rate:<name>}), shared by every API node on it: one Lua script
 * refills and takes atomically on Redis' own clock, so nodes' clocks do not matter and two nodes cannot both
 * take a bucket's last token. A bucket idle two minutes is full again and expires. When Redis does not answer,
 * a request is let through (and logged): a limiter that is down must not take the API down with it.
 */
final class RedisRateBuckets implements RateBuckets {
    private static final Logger log = LoggerFactory.getLogger(RedisRateBuckets.class);
    private static final String TAKE = """
            local now = redis.call('TIME')
            local micros = tonumber(now[1]) * 1000000 + tonumber(now[2])
            local limit = tonumber(ARGV[1])
            local count = tonumber(ARGV[2])
            local perMicro = limit / 60000000
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1]) or limit
            local at = tonumber(state[2]) or micros
            tokens = math.min(limit, tokens + math.max(0, micros - at) * perMicro)
            local granted = 0
            if count <= limit and tokens >= count then
              tokens = tokens - count
              granted = 1
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(micros))
            redis.call('PEXPIRE', KEYS[1], 120000)
            return {granted, tostring(tokens)}
            """;

    private final RedisClient redis;

    RedisRateBuckets(RedisClient redis) {
        this.redis = redis;
    }

    @Override
    public Taken take(String name, int limit, int count) {
        try {
            List<?> reply = (List<?>) redis.eval(
                    TAKE, List.of("easel:rate:" + name), List.of(Integer.toString(limit), Integer.toString(count)));
            boolean granted = ((Number) reply.get(0)).longValue() == 1;
            return Taken.of(granted, Double.parseDouble(reply.get(1).toString()), limit, count);
        } catch (JedisException | ClassCastException | NumberFormatException e) {
            log.warn(
                    "rate limits: Redis did not answer ({}); letting the request through",
                    e.getClass().getSimpleName());
            return Taken.of(true, limit, limit, count);
        }
    }
}
