package dev.easel.store;

import dev.easel.api.NodePeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-protocol server for the tests: npm {@code s3rver} (pinned in src/test/node) on the tests' Node.js 22,
 * on a free loopback port, with one bucket, its objects in a temporary folder. Missing, it fails the test with
 * how to install it.
 */
public final class S3rverServer implements AutoCloseable {
    static final String PACKAGE = "s3rver";
    public static final String BUCKET = "easel-test";

    private final Process process;
    private final Path folder;
    private final Path log;
    private final int port;

    private S3rverServer(Process process, Path folder, Path log, int port) {
        this.process = process;
        this.folder = folder;
        this.log = log;
        this.port = port;
    }

    public static S3rverServer start() {
        Path node = NodePeer.node();
        Path script = NodePeer.requirePackage(PACKAGE).resolve("bin/s3rver.js");
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Path folder = Files.createTempDirectory("easel-s3rver");
            Path log = Files.createTempFile("easel-s3rver", ".log");
            Process process = new ProcessBuilder(List.of(
                            node.toString(),
                            script.toString(),
                            "-d",
                            folder.toString(),
                            "-a",
                            "127.0.0.1",
                            "-p",
                            Integer.toString(port),
                            "--configure-bucket",
                            BUCKET))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            S3rverServer server = new S3rverServer(process, folder, log, port);
            server.awaitListening();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its endpoint URL. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A client of it (path-style, its fixed credentials: S3RVER / S3RVER). */
    public S3Client client() {
        return S3BlobStore.client(
                Optional.of(URI.create("http://127.0.0.1:" + port)),
                "us-east-1",
                true,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("S3RVER", "S3RVER")));
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("npm s3rver exited with " + process.exitValue() + " before listening:\n"
                        + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for s3rver", e);
                }
            }
        }
        close();
        throw new AssertionError(
                "npm s3rver did not listen on port " + port + " within 60 s:\n" + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
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
