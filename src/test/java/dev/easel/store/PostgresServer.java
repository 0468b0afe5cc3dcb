package dev.easel.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests, from Debian's {@code postgresql} package: a fresh cluster in a
 * temporary folder on a free loopback port (trust authentication, fsync off), one per test JVM, stopped when the
 * JVM exits. Each test takes a database of its own. PostgreSQL refuses to run as root, so under root the cluster
 * runs as the package's {@code postgres} user. Missing, it fails the test with how to install it.
 */
public final class PostgresServer {
    public static final String USER = "easel";
    private static final Path DEBIAN = Path.of("/usr/lib/postgresql");
    private static PostgresServer shared;

    private final PeerProcess peer;
    private final Path bin;
    private final List<String> asOwner;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(PeerProcess peer, Path bin, List<String> asOwner) {
        this.peer = peer;
        this.bin = bin;
        this.asOwner = asOwner;
    }

    /** The JVM's server, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "postgres-stop"));
        }
        return shared;
    }

    /** A new empty database on it: its JDBC URL. */
    public String newDatabase() {
        String name = "easel_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new AssertionError("cannot create a database on the test PostgreSQL:\n" + peer.log(), e);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + peer.port() + "/" + database;
    }

    private static PostgresServer start() {
        Path bin = binaries();
        Path folder = PeerProcess.folder("postgres");
        List<String> asOwner = new ArrayList<>();
        try {
            if ("root".equals(System.getProperty("user.name"))) {
                UserPrincipal postgres =
                        folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(folder, postgres);
                asOwner.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            Path data = folder.resolve("data");
            List<String> initdb = new ArrayList<>(asOwner);
            initdb.addAll(List.of(
                    bin.resolve("initdb").toString(),
                    "-D",
                    data.toString(),
                    "-U",
                    USER,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-sync"));
            Process init = new ProcessBuilder(initdb).redirectErrorStream(true).start();
            String output = new String(init.getInputStream().readAllBytes());
            if (init.waitFor() != 0) {
                throw new AssertionError("initdb failed:\n" + output);
            }
            int port = PeerProcess.freePort();
            List<String> server = new ArrayList<>(asOwner);
            server.addAll(List.of(
                    bin.resolve("postgres").toString(),
                    "-D",
                    data.toString(),
                    "-p",
                    Integer.toString(port),
                    "-k",
                    folder.toString(),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off",
                    "-c",
                    "max_connections=300"));
            return new PostgresServer(PeerProcess.start("PostgreSQL", server, folder, port), bin, asOwner);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while starting PostgreSQL", e);
        }
    }

    /** Debian's newest PostgreSQL binaries. */
    private static Path binaries() {
        try (Stream<Path> versions = Files.isDirectory(DEBIAN) ? Files.list(DEBIAN) : Stream.empty()) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparing(b -> Integer.parseInt(
                            b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new AssertionError("no PostgreSQL server under " + DEBIAN
                            + ": the tests need one (apt-get install postgresql; .ci/run installs it)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fast shutdown (clients still connected are cut off), then the folder goes. */
    private void stop() {
        List<String> pgCtl = new ArrayList<>(asOwner);
        pgCtl.addAll(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                peer.folder().resolve("data").toString(),
                "stop",
                "-m",
                "fast",
                "-w"));
        try {
            new ProcessBuilder(pgCtl).redirectErrorStream(true).start().waitFor(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the process is destroyed below all the same
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        peer.close();
    }
}
