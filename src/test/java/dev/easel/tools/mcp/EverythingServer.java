package dev.easel.tools.mcp;

import dev.easel.api.NodePeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real MCP server for the client tests: npm {@code @modelcontextprotocol/server-everything}
 * (pinned in src/test/node) on the pinned Node.js 22, in {@code streamableHttp} ({@code /mcp}) or
 * {@code sse} ({@code /sse}) mode on a free port. It listens on all interfaces, so tests dial
 * 127.0.0.1 only; it runs with an empty environment but {@code PORT} (its {@code get-env} tool
 * prints its environment). A missing peer fails with how to install it.
 */
public final class EverythingServer implements AutoCloseable {
    public static final String PACKAGE = "@modelcontextprotocol/server-everything";
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    public enum Mode {
        STREAMABLE_HTTP("streamableHttp", "/mcp"),
        SSE("sse", "/sse");

        final String argument;
        final String path;

        Mode(String argument, String path) {
            this.argument = argument;
            this.path = path;
        }
    }

    private final Process process;
    private final Path output;
    final int port;
    final Mode mode;

    private EverythingServer(Process process, Path output, int port, Mode mode) {
        this.process = process;
        this.output = output;
        this.port = port;
        this.mode = mode;
    }

    public static EverythingServer start(Mode mode) {
        Path node = NodePeer.node();
        Path script = NodePeer.requirePackage(PACKAGE).resolve("dist/index.js");
        try {
            int port = freePort();
            Path output = Files.createTempFile("easel-mcp-everything", ".log");
            ProcessBuilder builder = new ProcessBuilder(List.of(node.toString(), script.toString(), mode.argument))
                    .directory(script.getParent().toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().clear();
            builder.environment().put("PORT", Integer.toString(port));
            Process process = builder.start();
            EverythingServer server = new EverythingServer(process, output, port, mode);
            server.awaitListening();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL the client is given: its endpoint on 127.0.0.1. */
    public String url() {
        return "http://127.0.0.1:" + port + mode.path;
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** The allow-list entry that lets the URL guard reach it. */
    public String allowEntry() {
        return "127.0.0.1:" + port;
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(PACKAGE + " (" + mode.argument + ") exited with " + process.exitValue()
                        + " before listening on port " + port + ":\n" + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        close();
        throw new AssertionError(PACKAGE + " (" + mode.argument + ") did not listen on port " + port + " within "
                + START_LIMIT.toSeconds() + " s:\n" + log());
    }

    public String log() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + PACKAGE, e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a temp file left behind
        }
    }
}
