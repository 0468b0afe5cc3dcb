package dev.easel;

import dev.easel.Config.Secret;
import dev.easel.Config.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What this process is among several: {@code all} (the default) serves the API and runs the engine itself;
 * {@code api} serves the API and hands every image to the engine workers through the Redis queue;
 * {@code worker} runs the engine for the jobs of that queue and serves no API.
 *
 * @param redisUrl {@code redis://[:password@]host:6379[/db]} ({@code rediss://} for TLS): the engine queue
 *     shared by API nodes and workers; a secret, since it may hold the password
 * @param workerGrace how long a worker asked to stop lets its running jobs finish before it hands them back
 * @param workerPort where a worker serves {@code /health} and {@code /metrics} (on {@code host}); 0: nowhere
 */
public record ClusterSettings(Role role, Optional<Secret> redisUrl, Duration workerGrace, int workerPort) {
    public enum Role {
        ALL,
        API,
        WORKER;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Role parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "all" -> ALL;
                case "api" -> API;
                case "worker" -> WORKER;
                default -> throw new IllegalArgumentException("must be api, worker or all");
            };
        }
    }

    public ClusterSettings {
        List.of(role, redisUrl, workerGrace); // none null
        if (redisUrl.isPresent()
                && !(redisUrl.get().value().startsWith("redis://")
                        || redisUrl.get().value().startsWith("rediss://"))) {
            throw new IllegalArgumentException("queue.redis_url must start with redis:// or rediss://");
        }
        if (role != Role.ALL && redisUrl.isEmpty()) {
            throw new IllegalArgumentException("role " + role.wire()
                    + " needs queue.redis_url (EASEL_QUEUE_REDIS_URL, --queue-redis-url): the engine queue that"
                    + " API nodes and workers share");
        }
    }

    static final ClusterSettings DEFAULTS = new ClusterSettings(Role.ALL, Optional.empty(), Duration.ofSeconds(30), 0);

    static final Setting<Role> ROLE = Setting.of(
            "role",
            "api|worker|all",
            "What this process does: all, the API and the engine; api, the API with the engine on workers;"
                    + " worker, the engine for the queue's jobs.",
            Role::parse,
            c -> c.cluster().role());
    static final Setting<Optional<Secret>> REDIS_URL = Setting.of(
            "queue.redis_url",
            ConfigTable.SECRET_LABEL,
            "Redis for the engine queue that API nodes and workers share (redis://host:6379); empty: this"
                    + " process runs its own images.",
            SettingParsers::secret,
            c -> c.cluster().redisUrl());

    static final Setting<Duration> WORKER_GRACE = Setting.of(
            "queue.worker_grace",
            "SECONDS",
            "How long a worker asked to stop lets its running jobs finish before it hands them back to the queue.",
            t -> Duration.ofSeconds(SettingParsers.whole(t, 0, 3600)),
            c -> c.cluster().workerGrace());

    static final Setting<Integer> WORKER_PORT = Setting.of(
            "queue.worker_port",
            "PORT",
            "Where a worker serves /health and /metrics (on host); 0: nowhere.",
            t -> (int) SettingParsers.whole(t, 0, 65535),
            c -> c.cluster().workerPort());

    static final List<Setting<?>> ALL = List.of(ROLE, REDIS_URL, WORKER_GRACE, WORKER_PORT);

    static ClusterSettings of(ConfigTable.Values v) {
        return new ClusterSettings(v.get(ROLE), v.get(REDIS_URL), v.get(WORKER_GRACE), v.get(WORKER_PORT));
    }
}
