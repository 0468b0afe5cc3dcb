package dev.easel.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real server the tests start as a process (s3rver, PostgreSQL, Redis): on a free loopback port, its output in
 * a log file, its files in a temporary folder that goes with it. {@link #start} returns once the port accepts
 * connections and fails with the peer's log when it exits or does not listen in time.
 */
public final class PeerProcess implements AutoCloseable {
    private static final long LISTEN_SECONDS = 60;

    private final String name;
    private final Process process;
    private final Path folder;
    private final Path log;
    private final int port;

    private PeerProcess(String name, Process process, Path folder, Path log, int port) {
        this.name = name;
        this.process = process;
        this.folder = folder;
        this.log = log;
        this.port = port;
    }

    /** A loopback port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new temporary folder for a peer's files. */
    public static Path folder(String name) {
        try {
            return Files.createTempDirectory("easel-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code command} (which listens on {@code port}) and waits until the port accepts connections. */
    public static PeerProcess start(String name, List<String> command, Path folder, int port) {
        return launch(name, command, java.util.Map.of(), folder, port).awaitPort();
    }

    /**
     * Starts {@code command} with {@code env} added to this JVM's environment and returns at once; {@link
     * #awaitLog} or {@link #awaitPort} tell when it is ready.
     */
    public static PeerProcess launch(
            String name, List<String> command, java.util.Map<String, String> env, Path folder, int port) {
        try {
            Path log = Files.createTempFile("easel-" + name, ".log");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            return new PeerProcess(name, builder.start(), folder, log, port);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + name + " (" + command.getFirst() + "): " + e.getMessage(), e);
        }
    }

    /** Waits until the port accepts connections; fails with the log when the process exits first or too late. */
    public PeerProcess awaitPort() {
        awaitListening();
        return this;
    }

    /** Waits until the log holds {@code text}; fails with the log when the process exits first or too late. */
    public PeerProcess awaitLog(String text) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LISTEN_SECONDS);
        while (!log().contains(text)) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        name + " did not log '" + text + "' within " + LISTEN_SECONDS + " s:\n" + log());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + name, e);
            }
        }
        return this;
    }

    /** Kills the process at once (SIGKILL): no shutdown hook runs, nothing is handed back. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public int port() {
        return port;
    }

    public Path folder() {
        return folder;
    }

    /** What the peer printed so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(its log cannot be read: " + e.getMessage() + ")";
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LISTEN_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = log();
                close();
                throw new AssertionError(
                        name + " exited with " + process.exitValue() + " before listening:\n" + output);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new AssertionError("interrupted while waiting for " + name, e);
                }
            }
        }
        String output = log();
        close();
        throw new AssertionError(
                name + " did not listen on port " + port + " within " + LISTEN_SECONDS + " s:\n" + output);
    }

    /** Stops the peer (asked first, then killed) and deletes its folder and log. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
