package dev.easel.queue;

import dev.easel.engine.CancelToken;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.PreviewImage;
import dev.easel.images.ImageTask;
import dev.easel.images.ImageTaskListener;
import dev.easel.images.ModelView;
import dev.easel.images.RemoteEngine;
import dev.easel.wire.ApiException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.params.XTrimParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The API node's side of the engine queue: each task becomes an entry of its model's job stream, and its
 * previews, images and end come back on this node's reply stream, read by one thread and handed to each task's
 * own (virtual) thread in order. A job that a worker lost and another took over is made again from its start:
 * the previews and images this node already handed out are skipped by their index, so a listener sees each
 * once. A cancelled task's flag is set in Redis, where its worker looks between steps.
 */
public final class RedisEngine implements RemoteEngine {
    private static final Logger log = LoggerFactory.getLogger(RedisEngine.class);
    /** How long the reply stream outlives this node's last read: a dead node's stream goes by itself. */
    private static final long REPLIES_TTL_SECONDS = 120;

    private final RedisClient redis;
    private final String replies;
    private final RandomGenerator random;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean open = true;
    private StreamEntryID last;

    /**
     * @param node this API node's id: its reply stream's name
     * @param random where job ids come from
     */
    RedisEngine(RedisClient redis, String node, RandomGenerator random) {
        this.redis = redis;
        this.replies = QueueKeys.replies(node);
        this.random = random;
        this.last = redis.xadd(replies, XAddParams.xAddParams(), Map.of("kind", "hello"));
        redis.expire(replies, REPLIES_TTL_SECONDS);
        this.reader = Thread.ofPlatform().name("easel-queue-replies").daemon().start(this::read);
        log.info("engine queue: images made by the workers on Redis");
    }

    @Override
    public CompletableFuture<List<GeneratedImage>> submit(
            ImageTask task, ImageTaskListener listener, CancelToken cancel) {
        boolean served;
        try {
            served = redis.exists(QueueKeys.serving(task.model()));
            keepReplies();
        } catch (JedisException e) {
            throw unavailable("The engine queue cannot be reached; try again.");
        }
        if (!served) {
            throw notServed(task.model());
        }
        byte[] id = new byte[12];
        synchronized (random) {
            random.nextBytes(id);
        }
        String job = "job_" + HexFormat.of().formatHex(id);
        Pending p = new Pending(job, task.model(), task.jobs().size(), listener, cancel);
        pending.put(job, p);
        Thread.ofVirtual().name("easel-queue-" + job).start(p::deliver);
        try {
            redis.xadd(
                    QueueKeys.jobs(task.model()),
                    XAddParams.xAddParams(),
                    Map.of("job", job, "reply", replies, "task", QueueKeys.encode(TaskCodec.task(task))));
        } catch (JedisException e) {
            pending.remove(job);
            p.inbox.add(Map.of("kind", "gone"));
            throw unavailable("The engine queue cannot be reached; try again.");
        }
        return p.result;
    }

    @Override
    public ModelView describe(String model) {
        String announced;
        try {
            announced = redis.get(QueueKeys.serving(model));
        } catch (JedisException e) {
            throw unavailable("The engine queue cannot be reached; try again.");
        }
        if (announced == null) {
            throw notServed(model);
        }
        try {
            return TaskCodec.model(QueueKeys.decode(announced));
        } catch (RuntimeException e) {
            log.warn("engine queue: the announcement of model '{}' cannot be read: {}", model, e.toString());
            throw unavailable("The workers serving the model '" + model + "' announce it in a form this node cannot"
                    + " read (are they of another Easel version?); try again once they match.");
        }
    }

    private static ApiException notServed(String model) {
        return unavailable("No engine worker serving the model '" + model + "' is running; start one"
                + " (easel serve --role worker) with it in its models folder, then try again.");
    }

    /**
     * Keeps the reply stream alive; if it is gone (Redis lost its data), makes it again and fails the jobs
     * waiting on it: their entries went with it, and a worker that finds no reply stream drops its job.
     */
    private void keepReplies() {
        if (redis.expire(replies, REPLIES_TTL_SECONDS) == 1) {
            return;
        }
        synchronized (this) {
            if (redis.exists(replies)) {
                return;
            }
            redis.xadd(replies, XAddParams.xAddParams(), Map.of("kind", "hello"));
            redis.expire(replies, REPLIES_TTL_SECONDS);
        }
        log.warn(
                "engine queue: Redis lost this node's replies (restarted without its data?); the {} jobs waiting"
                        + " fail",
                pending.size());
        pending.values().forEach(p -> p.inbox.add(Map.of("kind", "lost")));
    }

    /** OpenAI's 503 shape for an engine that cannot take the image now. */
    private static ApiException unavailable(String message) {
        return new ApiException(
                503, ApiException.ErrorType.SERVER, Optional.of("engine_unavailable"), Optional.empty(), message);
    }

    /** The reply stream, read until close; every pass also forwards the cancels that fired meanwhile. */
    private void read() {
        long nextExpire = 0;
        while (open) {
            try {
                var got = redis.xread(XReadParams.xReadParams().block(250).count(64), Map.of(replies, last));
                if (got != null) {
                    for (var stream : got) {
                        for (StreamEntry entry : stream.getValue()) {
                            last = entry.getID();
                            Pending p = pending.get(entry.getFields().getOrDefault("job", ""));
                            if (p != null) {
                                p.inbox.add(entry.getFields());
                            }
                        }
                    }
                    redis.xtrim(replies, XTrimParams.xTrimParams().minId(last.toString()));
                }
                for (Pending p : pending.values()) {
                    if (!p.cancelSent && p.cancel.isCancelled()) {
                        p.cancelSent = true;
                        redis.setex(QueueKeys.cancel(p.job), 3600, "1");
                    }
                }
                if (System.nanoTime() - nextExpire > 0) {
                    keepReplies();
                    failOrphans();
                    nextExpire = System.nanoTime() + 5_000_000_000L;
                }
            } catch (JedisException e) {
                if (open) {
                    log.warn(
                            "engine queue: reading replies failed ({}); retrying",
                            e.getClass().getSimpleName());
                    sleep();
                }
            }
        }
    }

    /**
     * Fails the jobs whose model no worker has served for two looks in a row (every worker with it stopped or
     * died): nobody would make them, and their responses must not wait forever.
     */
    private void failOrphans() {
        java.util.Set<String> served = new java.util.HashSet<>();
        java.util.Set<String> unserved = new java.util.HashSet<>();
        for (Pending p : pending.values()) {
            boolean up =
                    served.contains(p.model) || !unserved.contains(p.model) && redis.exists(QueueKeys.serving(p.model));
            (up ? served : unserved).add(p.model);
            if (up) {
                p.unservedLooks = 0;
            } else if (++p.unservedLooks >= 2) {
                p.cancelSent = true;
                redis.setex(QueueKeys.cancel(p.job), 3600, "1");
                p.inbox.add(Map.of("kind", "orphaned"));
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending p : pending.values()) {
            p.inbox.add(Map.of("kind", "gone"));
        }
        try {
            redis.del(replies);
        } catch (JedisException e) {
            // it expires by itself
        }
    }

    /** One task waiting for its worker: its replies, handed to its listener one at a time. */
    private final class Pending {
        final String job;
        final String model;
        final ImageTaskListener listener;
        final CancelToken cancel;
        final BlockingQueue<Map<String, String>> inbox = new LinkedBlockingQueue<>();
        final CompletableFuture<List<GeneratedImage>> result = new CompletableFuture<>();
        final GeneratedImage[] images;
        /** The last preview index handed out per image (-1: none). */
        final int[] lastPreview;

        volatile boolean cancelSent;
        /** The reader's looks in a row that found no worker serving the model (reader thread only). */
        int unservedLooks;

        Pending(String job, String model, int count, ImageTaskListener listener, CancelToken cancel) {
            this.job = job;
            this.model = model;
            this.listener = listener;
            this.cancel = cancel;
            this.images = new GeneratedImage[count];
            this.lastPreview = new int[count];
            Arrays.fill(lastPreview, -1);
        }

        void deliver() {
            try {
                while (!result.isDone()) {
                    handle(inbox.take());
                }
            } catch (InterruptedException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                // The listener failed the task: the worker stops at its next step.
                cancelSent = true;
                try {
                    redis.setex(QueueKeys.cancel(job), 3600, "1");
                } catch (JedisException ignored) {
                    // the job then runs to its end for nobody
                }
                result.completeExceptionally(e);
            } finally {
                pending.remove(job);
            }
        }

        private void handle(Map<String, String> reply) {
            switch (reply.getOrDefault("kind", "")) {
                case "preview" -> {
                    int i = Integer.parseInt(reply.get("image"));
                    PreviewImage preview = TaskCodec.preview(QueueKeys.decode(reply.get("data")));
                    if (images[i] == null && preview.previewIndex() > lastPreview[i]) {
                        lastPreview[i] = preview.previewIndex();
                        listener.onPreview(i, preview);
                    }
                }
                case "image" -> {
                    int i = Integer.parseInt(reply.get("image"));
                    if (images[i] == null) {
                        images[i] = TaskCodec.image(QueueKeys.decode(reply.get("data")));
                        listener.onImage(i, images[i]);
                    }
                }
                case "done" -> {
                    if (Arrays.stream(images).anyMatch(java.util.Objects::isNull)) {
                        throw ApiException.server("The engine worker ended the job without all of its images.");
                    }
                    result.complete(List.of(images));
                }
                case "failed" ->
                    result.completeExceptionally(TaskCodec.failure(QueueKeys.decode(reply.get("data")))
                            .exception());
                case "orphaned" ->
                    result.completeExceptionally(unavailable("The engine workers serving the model '" + model
                            + "' stopped before making this image; try again once one runs."));
                case "lost" ->
                    result.completeExceptionally(
                            unavailable(
                                    "The engine queue lost this image's job (its Redis restarted without its data); try again."));
                case "gone" ->
                    result.completeExceptionally(ApiException.server("The server stopped before the image was made."));
                default -> log.debug("engine queue: reply of an unknown kind for {}", job);
            }
        }
    }
}
