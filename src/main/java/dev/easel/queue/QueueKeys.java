package dev.easel.queue;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisClient;

/**
 * The names Easel uses in Redis, all under {@code easel:}, and how a process connects. One stream of jobs per
 * model ({@code easel:jobs:<model>}, read by the consumer group {@value #GROUP}), so that a job goes only to a
 * worker that has its model; one stream of replies per API node; a cancel flag per job; a key per model that
 * the workers serving it keep alive; the dead letters.
 */
final class QueueKeys {
    static final String GROUP = "workers";
    static final String DEAD = "easel:jobs:dead";

    /** How long a job may go without its worker's heartbeat before another worker takes it over. */
    static final Duration CLAIM_AFTER = Duration.ofSeconds(10);

    /** How often workers beat (announce their models, keep their jobs claimed). */
    static final Duration BEAT = Duration.ofSeconds(2);

    private QueueKeys() {}

    static String jobs(String model) {
        return "easel:jobs:" + model;
    }

    static String replies(String node) {
        return "easel:replies:" + node;
    }

    static String cancel(String job) {
        return "easel:cancel:" + job;
    }

    /**
     * Present while some worker serving {@code model} beat within {@link #CLAIM_AFTER}; it holds the model as
     * the last one to beat announced it ({@link dev.easel.images.ModelView}, {@link #encode encoded}).
     */
    static String serving(String model) {
        return "easel:serving:" + model;
    }

    static String worker(String node) {
        return "easel:worker:" + node;
    }

    static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static byte[] decode(String text) {
        return Base64.getDecoder().decode(text);
    }

    /**
     * A pooled client for {@code url} ({@code redis://[:password@]host:port[/db]}); blocking reads hold a
     * connection each, so the pool is larger than Jedis' default.
     */
    static RedisClient connect(String url) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(64);
        pool.setMaxIdle(16);
        return RedisClient.builder().fromURI(URI.create(url)).poolConfig(pool).build();
    }

    /** {@code host:port} of a Redis URL, without its password: for logs and errors. */
    static String describe(String url) {
        URI uri = URI.create(url);
        return uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
    }
}
