package dev.easel.tools.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real search server for the tests: Debian's {@code searx} package (SearXNG's predecessor, the
 * same JSON API), started with a settings file made from the package's example that keeps only
 * its offline {@code sqlite} engine over a small database of pages the test gives, and its JSON
 * format on (its stock engines would try the internet and find nothing here). A missing package
 * fails with how to install it.
 */
public final class SearxServer implements AutoCloseable {
    private static final Path EXAMPLE = Path.of("/usr/share/doc/searx/examples/settings.yml");
    private static final String RUN = "/usr/bin/searx-run";
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    /** A page the engine knows: a title and content searched with SQL LIKE. */
    public record Page(String url, String title, String content) {}

    private final Process process;
    private final Path dir;
    private final int port;

    private SearxServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static SearxServer start(List<Page> pages) {
        if (!Files.isExecutable(Path.of(RUN)) || !Files.isRegularFile(EXAMPLE)) {
            throw new AssertionError("Debian's searx package is not installed (" + RUN + " or " + EXAMPLE
                    + " is missing): install it with `apt-get install -y --no-install-recommends searx`, as .ci/run"
                    + " does");
        }
        try {
            Path dir = Files.createTempDirectory("easel-searx");
            Path db = dir.resolve("pages.db");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                c.createStatement().execute("CREATE TABLE pages (url TEXT, title TEXT, content TEXT)");
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO pages VALUES (?, ?, ?)")) {
                    for (Page p : pages) {
                        insert.setString(1, p.url());
                        insert.setString(2, p.title());
                        insert.setString(3, p.content());
                        insert.executeUpdate();
                    }
                }
            }
            int port = freePort();
            Path settings = dir.resolve("settings.yml");
            Files.writeString(settings, settings(Files.readString(EXAMPLE), db, port));
            ProcessBuilder builder = new ProcessBuilder(List.of(RUN))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("searx.log").toFile());
            builder.environment().put("SEARX_SETTINGS_PATH", settings.toString());
            SearxServer server = new SearxServer(builder.start(), dir, port);
            server.awaitListening();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The example settings with only the sqlite engine, the JSON format, this port and a non-default key. */
    static String settings(String example, Path db, int port) {
        List<String> lines = example.lines().toList();
        int engines = index(lines, "engines:");
        int after = index(lines, "locales:");
        String engine = """
                engines:
                  - name: pages
                    engine: sqlite
                    shortcut: pg
                    database: %s
                    query_str: "SELECT url, title, content FROM pages WHERE title LIKE '%%' || :query || '%%' OR content LIKE '%%' || :query || '%%'"
                    disabled: false
                """.formatted(db);
        String head = String.join("\n", lines.subList(0, engines));
        String tail = String.join("\n", lines.subList(after, lines.size()));
        return (head + "\n" + engine + tail + "\n")
                .replaceFirst("(?m)^search:\\n", "search:\n    formats: [html, json]\n")
                .replaceFirst("port : 8888", "port : " + port)
                .replaceFirst("ultrasecretkey", "easel-tests-" + Long.toHexString(System.nanoTime()));
    }

    private static int index(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("the searx example settings have no '" + prefix + "' section");
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("searx.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("searx exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for searx");
                }
            }
        }
        close();
        throw new AssertionError("searx did not listen on port " + port + " within 60 s:\n" + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
