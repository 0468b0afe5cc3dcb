package dev.easel.queue;

import dev.easel.engine.CancelToken;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.PreviewImage;
import dev.easel.images.ImageService;
import dev.easel.images.ImageTask;
import dev.easel.images.ImageTaskListener;
import dev.easel.wire.ApiException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * An engine worker: reads the job streams of the models it has (consumer group {@value QueueKeys#GROUP}, one
 * consumer per worker), as many jobs at a time as it has engine workers, runs each through its own
 * {@link ImageService} (moderated, marked and matted here; one job more than that waits in it, so the engine never
 * waits for the queue) and sends the previews, images and end to the job's
 * API node. It loads its models before it starts; every {@link QueueKeys#BEAT} it announces them (what they
 * are and accept, for the API nodes to plan by without loading them) and keeps its jobs claimed; a job left
 * unclaimed {@link QueueKeys#CLAIM_AFTER} (its worker died) is taken over by another worker and run again from
 * its start, at most {@value #MAX_DELIVERIES} times, after which it goes to the dead letters
 * ({@value QueueKeys#DEAD}) and fails with an explanation. A job is acknowledged and deleted once its end is sent.
 * Closing stops taking jobs, lets the running ones finish for up to {@code grace}, then hands the rest back to
 * the queue for another worker.
 */
public final class RedisWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisWorker.class);
    static final int MAX_DELIVERIES = 3;
    /** How often a worker with a free slot looks for jobs whose worker went silent. */
    private static final long RECLAIM_EVERY_NANOS = 1_000_000_000L;
    /** How often a running job looks at its cancel flag. */
    private static final long CANCEL_CHECK_NANOS = 200_000_000L;

    private final RedisClient redis;
    private final ImageService images;
    private final String node;
    private final String name;
    private final int capacity;
    private final Duration grace;
    private final List<String> models;
    /** Each model as the API nodes plan by it ({@link ModelView}), encoded once: what the beats announce. */
    private final Map<String, String> announced = new java.util.LinkedHashMap<>();

    private final Map<StreamEntryID, Running> running = new ConcurrentHashMap<>();
    /**
     * The jobs it holds at once: one more than its engine workers, so that the engine starts the next job while
     * the last one's pictures are still being marked and sent.
     */
    private final int limit;
    /** Notified when a running job ends. */
    private final Object freed = new Object();

    private final Thread loop;
    private volatile boolean stopping;

    /**
     * @param node this worker's id (its consumer name); {@code name} what stays the same across its restarts
     * @param capacity the jobs it runs at once (its engine workers)
     */
    RedisWorker(
            RedisClient redis,
            String where,
            ImageService images,
            String node,
            String name,
            int capacity,
            Duration grace) {
        this.redis = redis;
        this.images = images;
        this.node = node;
        this.name = name;
        this.capacity = capacity;
        this.limit = capacity + 1;
        this.grace = grace;
        this.models = images.models().localModels();
        // Loaded before it announces them: a model it could not load is a failed start, not a job that fails.
        for (String model : models) {
            announced.put(model, QueueKeys.encode(TaskCodec.model(images.describe(model))));
        }
        try {
            createGroups();
            beat();
        } catch (JedisException e) {
            throw new IllegalStateException("queue.redis_url " + where + " cannot be used: "
                    + e.getClass().getSimpleName());
        }
        this.loop = Thread.ofPlatform().name("easel-queue-worker").start(this::loop);
        log.info("engine worker on Redis at {}: models {}, {} at a time", where, models, capacity);
    }

    /** The consumer group on each model's stream (from its first entry: jobs queued before any worker count). */
    private void createGroups() {
        for (String model : models) {
            try {
                redis.xgroupCreate(QueueKeys.jobs(model), QueueKeys.GROUP, new StreamEntryID(), true);
            } catch (JedisDataException e) {
                if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                    throw e;
                }
            }
        }
    }

    private void loop() {
        long nextBeat = System.nanoTime();
        long nextReclaim = System.nanoTime();
        while (!stopping) {
            try {
                if (System.nanoTime() - nextBeat >= 0) {
                    beat();
                    nextBeat = System.nanoTime() + QueueKeys.BEAT.toNanos();
                }
                int free = limit - running.size();
                if (free <= 0) {
                    awaitSlot(nextBeat);
                    continue;
                }
                // Abandoned jobs first, whenever a slot is free: they are older than any new one, and a busy
                // queue would otherwise keep them waiting behind its new jobs.
                if (System.nanoTime() - nextReclaim >= 0) {
                    reclaim();
                    nextReclaim = System.nanoTime() + RECLAIM_EVERY_NANOS;
                    free = limit - running.size();
                    if (free <= 0) {
                        continue;
                    }
                }
                Map<String, StreamEntryID> streams = new HashMap<>();
                models.forEach(m -> streams.put(QueueKeys.jobs(m), StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
                var got = redis.xreadGroup(
                        QueueKeys.GROUP,
                        node,
                        XReadGroupParams.xReadGroupParams().block(500).count(free),
                        streams);
                if (got != null) {
                    for (var stream : got) {
                        for (StreamEntry entry : stream.getValue()) {
                            take(stream.getKey(), entry, 1);
                        }
                    }
                }
            } catch (JedisException e) {
                if (!stopping) {
                    log.warn("engine queue: {}; retrying", e.getClass().getSimpleName());
                    pause();
                    if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                        recreateGroups(); // Redis lost its data (restarted without persistence)
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Announces the models (for API nodes' admission) and keeps the running jobs claimed. */
    private void beat() {
        long ttl = QueueKeys.CLAIM_AFTER.toSeconds();
        announced.forEach((model, view) -> redis.setex(QueueKeys.serving(model), ttl, view));
        redis.hset(
                QueueKeys.worker(node),
                Map.of(
                        "name", name,
                        "models", String.join(",", models),
                        "capacity", Integer.toString(capacity),
                        "running", Integer.toString(running.size())));
        redis.expire(QueueKeys.worker(node), ttl);
        for (Running r : running.values()) {
            redis.xclaimJustId(r.stream, QueueKeys.GROUP, node, 0, XClaimParams.xClaimParams(), r.id);
        }
    }

    /** Takes over the jobs whose worker went silent, as many as there is room for. */
    private void reclaim() {
        for (String model : models) {
            int free = limit - running.size();
            if (free <= 0 || stopping) {
                return;
            }
            String stream = QueueKeys.jobs(model);
            var claimed = redis.xautoclaim(
                    stream,
                    QueueKeys.GROUP,
                    node,
                    QueueKeys.CLAIM_AFTER.toMillis(),
                    new StreamEntryID(),
                    XAutoClaimParams.xAutoClaimParams().count(free));
            for (StreamEntry entry : claimed.getValue()) {
                if (entry == null || entry.getFields() == null || running.containsKey(entry.getID())) {
                    continue; // deleted meanwhile, or this worker's own (its beats failed a while)
                }
                var pending =
                        redis.xpending(stream, QueueKeys.GROUP, new XPendingParams(entry.getID(), entry.getID(), 1));
                long deliveries = pending.isEmpty() ? 1 : pending.getFirst().getDeliveredTimes();
                log.info(
                        "engine queue: took over job {} (delivery {})",
                        entry.getFields().get("job"),
                        deliveries);
                take(stream, entry, deliveries);
            }
        }
    }

    private void take(String stream, StreamEntry entry, long deliveries) {
        Map<String, String> fields = entry.getFields();
        Running r =
                new Running(stream, entry.getID(), fields.getOrDefault("job", "?"), fields.getOrDefault("reply", ""));
        if (deliveries > MAX_DELIVERIES) {
            deadLetter(r, fields, deliveries);
            return;
        }
        if (redis.exists(QueueKeys.cancel(r.job)) || !redis.exists(r.reply)) {
            end(r); // cancelled while queued, or its API node is gone: nobody waits for it
            return;
        }
        ImageTask task;
        try {
            task = TaskCodec.task(QueueKeys.decode(fields.getOrDefault("task", "")));
        } catch (RuntimeException e) {
            log.warn("engine queue: job {} cannot be read: {}", r.job, e.toString());
            finish(r, ApiException.server("The image job could not be read by the engine worker."));
            return;
        }
        running.put(r.id, r);
        try {
            images.submit(task, r, r).whenComplete((done, failure) -> finish(r, failure));
        } catch (RuntimeException e) {
            finish(r, e);
        }
    }

    /** Waits until a running job ends (or the next beat is due). */
    private void awaitSlot(long nextBeat) throws InterruptedException {
        synchronized (freed) {
            while (running.size() >= limit && !stopping) {
                long wait = (nextBeat - System.nanoTime()) / 1_000_000;
                if (wait <= 0) {
                    return;
                }
                freed.wait(wait);
            }
        }
    }

    private void finish(Running r, Throwable failure) {
        running.remove(r.id);
        synchronized (freed) {
            freed.notifyAll();
        }
        if (r.handedBack) {
            return;
        }
        try {
            if (failure == null) {
                r.reply(Map.of("kind", "done"));
            } else {
                r.reply(Map.of(
                        "kind", "failed", "data", QueueKeys.encode(TaskCodec.failure(TaskCodec.Failure.of(failure)))));
            }
            end(r);
        } catch (JedisException e) {
            // Left pending: another worker takes it over and its API node gets the end then.
            log.warn(
                    "engine queue: the end of job {} could not be sent: {}",
                    r.job,
                    e.getClass().getSimpleName());
        }
    }

    private void end(Running r) {
        redis.xack(r.stream, QueueKeys.GROUP, r.id);
        redis.xdel(r.stream, r.id);
    }

    private void deadLetter(Running r, Map<String, String> fields, long deliveries) {
        Map<String, String> dead = new HashMap<>(fields);
        dead.put("stream", r.stream);
        dead.put("deliveries", Long.toString(deliveries));
        redis.xadd(QueueKeys.DEAD, XAddParams.xAddParams().maxLen(1000).approximateTrimming(), dead);
        log.warn("engine queue: job {} lost its worker {} times; moved to {}", r.job, deliveries - 1, QueueKeys.DEAD);
        finish(
                r,
                ApiException.server("The engine workers stopped " + (deliveries - 1)
                        + " times while making this image; it was not tried again."));
    }

    private void recreateGroups() {
        try {
            createGroups();
        } catch (JedisException e) {
            // still down: the next pass tries again
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The jobs now running here. */
    public int running() {
        return running.size();
    }

    @Override
    public void close() {
        stopping = true;
        synchronized (freed) {
            freed.notifyAll();
        }
        try {
            loop.join(5000);
            long deadline = System.nanoTime() + grace.toNanos();
            while (!running.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Running r : running.values()) {
            handBack(r);
        }
        try {
            redis.del(QueueKeys.worker(node));
        } catch (JedisException e) {
            // it expires by itself
        }
    }

    /** Queues the job again for another worker (its API node skips what it already has) and stops it here. */
    private void handBack(Running r) {
        try {
            var fields = redis.xrange(r.stream, r.id, r.id, 1);
            if (!fields.isEmpty()) {
                redis.xadd(r.stream, XAddParams.xAddParams(), fields.getFirst().getFields());
            }
            r.handedBack = true;
            end(r);
            log.info("engine queue: handed job {} back at shutdown", r.job);
        } catch (JedisException e) {
            r.handedBack = true; // left pending: taken over once this worker's claim lapses
        }
    }

    /** A job running here: its listener sends to the API node, its cancel token reads the flag. */
    private final class Running implements ImageTaskListener, CancelToken {
        final String stream;
        final StreamEntryID id;
        final String job;
        final String reply;
        volatile boolean handedBack;
        private volatile boolean cancelled;
        private volatile long lastCheck = System.nanoTime();

        Running(String stream, StreamEntryID id, String job, String reply) {
            this.stream = stream;
            this.id = id;
            this.job = job;
            this.reply = reply;
        }

        void reply(Map<String, String> fields) {
            Map<String, String> all = new HashMap<>(fields);
            all.put("job", job);
            // NOMKSTREAM: a reply stream that expired (its API node died) is not made again; the job stops.
            if (redis.xadd(reply, XAddParams.xAddParams().noMkStream(), all) == null) {
                cancelled = true;
            }
        }

        @Override
        public void onPreview(int image, PreviewImage preview) {
            reply(Map.of(
                    "kind",
                    "preview",
                    "image",
                    Integer.toString(image),
                    "data",
                    QueueKeys.encode(TaskCodec.preview(preview))));
        }

        @Override
        public void onImage(int image, GeneratedImage result) {
            reply(Map.of(
                    "kind",
                    "image",
                    "image",
                    Integer.toString(image),
                    "data",
                    QueueKeys.encode(TaskCodec.image(result))));
        }

        @Override
        public boolean isCancelled() {
            if (cancelled || handedBack) {
                return true;
            }
            long now = System.nanoTime();
            if (now - lastCheck >= CANCEL_CHECK_NANOS) {
                lastCheck = now;
                try {
                    cancelled = redis.exists(QueueKeys.cancel(job));
                } catch (JedisException e) {
                    // unknown: keep running
                }
            }
            return cancelled;
        }
    }
}
