package dev.easel.queue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The engine workers beating now, as an API node's {@code /metrics} shows them: how many, the jobs they can run
 * at once in all and those they are running ({@code easel_workers}, {@code easel_workers_capacity},
 * {@code easel_workers_running}), read from their announcements ({@link QueueKeys#worker}) at most once a second
 * whatever the scrapes. A Redis that does not answer shows as no value (NaN), never as zero workers.
 */
final class WorkerRoster {
    private static final Logger log = LoggerFactory.getLogger(WorkerRoster.class);
    private static final long FRESH_NANOS = 1_000_000_000L;

    /** The workers' sums at one look. */
    record Summary(double workers, double capacity, double running) {
        static final Summary UNKNOWN = new Summary(Double.NaN, Double.NaN, Double.NaN);
    }

    private final RedisClient redis;
    private Summary last = Summary.UNKNOWN;
    private long lookedAt;
    private boolean looked;

    WorkerRoster(RedisClient redis) {
        this.redis = redis;
    }

    /** Registers the three gauges on {@code meters}. */
    WorkerRoster register(MeterRegistry meters) {
        gauge(meters, "easel.workers", "engine workers beating now (on the shared queue)", Summary::workers);
        gauge(
                meters,
                "easel.workers.capacity",
                "image jobs the engine workers can run at once, in all",
                Summary::capacity);
        gauge(meters, "easel.workers.running", "image jobs the engine workers are running", Summary::running);
        return this;
    }

    private void gauge(MeterRegistry meters, String name, String description, ToDoubleFunction<Summary> part) {
        Gauge.builder(name, this, roster -> part.applyAsDouble(roster.summary()))
                .description(description)
                .strongReference(true) // nothing else holds the roster
                .register(meters);
    }

    /** The sums, looked up again when the last look is more than a second old. */
    synchronized Summary summary() {
        long now = System.nanoTime();
        if (looked && now - lookedAt < FRESH_NANOS) {
            return last;
        }
        looked = true;
        lookedAt = now;
        try {
            last = look();
        } catch (JedisException | NumberFormatException e) {
            log.debug("engine workers cannot be counted now: {}", e.toString());
            last = Summary.UNKNOWN;
        }
        return last;
    }

    private Summary look() {
        ScanParams match = new ScanParams().match(QueueKeys.worker("*")).count(100);
        String cursor = ScanParams.SCAN_POINTER_START;
        int workers = 0;
        long capacity = 0;
        long running = 0;
        do {
            ScanResult<String> page = redis.scan(cursor, match);
            for (String key : page.getResult()) {
                Map<String, String> worker = redis.hgetAll(key);
                if (worker.isEmpty()) {
                    continue; // expired meanwhile
                }
                workers++;
                capacity += Long.parseLong(worker.getOrDefault("capacity", "0"));
                running += Long.parseLong(worker.getOrDefault("running", "0"));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return new Summary(workers, capacity, running);
    }
}
