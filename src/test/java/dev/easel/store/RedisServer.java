package dev.easel.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Redis server for the tests, from Debian's {@code redis-server} package: a password, no persistence, on a free
 * loopback port, its own temporary folder, one per test JVM ({@link #shared}), stopped when the JVM exits (after
 * the servers of the tests that use it). Missing, it fails the test with how to install it.
 */
public final class RedisServer implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/redis-server");
    /** The server's password: every client's URL carries it, as a production one would, and no log may. */
    public static final String PASSWORD = "redis-test-secret-7f3a9c";

    private static RedisServer shared;
    private final PeerProcess peer;

    private RedisServer(PeerProcess peer) {
        this.peer = peer;
    }

    /** The JVM's server, started on first use. */
    public static synchronized RedisServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "redis-stop"));
        }
        return shared;
    }

    private static RedisServer start() {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(
                    "the tests need Redis: " + BINARY + " is missing (apt-get install redis-server; .ci/run does)");
        }
        int port = PeerProcess.freePort();
        Path folder = PeerProcess.folder("redis");
        return new RedisServer(PeerProcess.start(
                "redis",
                List.of(
                        BINARY.toString(),
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        folder.toString(),
                        // Checked, as a production server's is: a client without it (or with another) is refused.
                        "--requirepass",
                        PASSWORD),
                folder,
                port));
    }

    /** {@code redis://:password@127.0.0.1:port}, for {@code queue.redis_url}. */
    public String url() {
        return "redis://:" + PASSWORD + "@127.0.0.1:" + peer.port();
    }

    public String log() {
        return peer.log();
    }

    @Override
    public void close() {
        peer.close();
    }
}
