package dev.easel.tools.mcp;

import dev.easel.api.NodePeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Easel's own MCP test server, src/test/node/mcp-test-server.mjs (the MCP TypeScript SDK pinned
 * in src/test/node, Streamable HTTP at {@code /mcp} with stateful sessions), on the pinned Node.js
 * 22 and a free port of 127.0.0.1. It can demand a bearer token (401 with {@code WWW-Authenticate:
 * Bearer} otherwise) and extra headers (403 otherwise). Its tools: {@code get_product},
 * {@code get_product_photo} (a {@value #PHOTO_SIZE}x{@value #PHOTO_SIZE} PNG of {@link
 * #PHOTO_RGB}), {@code list_specials}, {@code place_order}, {@code slow}, {@code fail_tool},
 * {@code echo_headers} (header names only) and {@code check_header} ({@code match},
 * {@code mismatch} or {@code absent}, never the value; see {@link #checkHeaderArguments}).
 *
 * <p>The token and the header values reach the script through its environment, not its command
 * line, and the script never prints them: its output ({@link #log()}) is one line per request
 * ({@code request POST /mcp auth=yes}), refusal ({@code refused 401 wrong bearer token}) and tool
 * call ({@code call get_product}), so tests may assert that a secret appears nowhere in it. The
 * process runs with no other environment. A missing peer fails with how to install it.
 *
 * <pre>{@code
 * try (TestMcpServer server = TestMcpServer.builder().token(TOKEN).requireHeader("X-Tenant", "acme").start()) {
 *     McpSession.open(McpServerSettings.of(server.url()).withBearerToken(TOKEN)..., guard allowing server.allowEntry());
 * }
 * }</pre>
 */
public final class TestMcpServer implements AutoCloseable {
    /** The script, in src/test/node. */
    public static final String SCRIPT = "mcp-test-server.mjs";
    /** Width and height of {@code get_product_photo}'s PNG. */
    public static final int PHOTO_SIZE = 64;
    /** The one colour of that PNG, as 0xRRGGBB. */
    public static final int PHOTO_RGB = 0xE89A3C;
    /**
     * {@code get_product}'s name for any SKU: it answers {@code {"sku":SKU,"name":PRODUCT_NAME,"price":PRODUCT_PRICE}}
     * as JSON text and as structuredContent.
     */
    public static final String PRODUCT_NAME = "Aurora desk lamp";
    /** {@code get_product}'s price for any SKU. */
    public static final String PRODUCT_PRICE = "49.00 EUR";
    /** {@code list_specials}' one text part. */
    public static final String SPECIALS = "Specials: Aurora desk lamp at 39.00 EUR, Nimbus floor lamp at 99.00 EUR";
    /** {@code fail_tool}'s one text part (with {@code isError: true}). */
    public static final String FAILURE = "the warehouse is closed";

    private static final String SDK_PACKAGE = "@modelcontextprotocol/sdk";
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("(?m)^listening (\\d+)$");

    private final Process process;
    private final Path output;
    private int port;

    private TestMcpServer(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** A server that demands nothing. */
    public static TestMcpServer start() {
        return builder().start();
    }

    /** A server that demands {@code Authorization: Bearer token} on every request. */
    public static TestMcpServer withToken(String token) {
        return builder().token(token).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the server demands of every request. */
    public static final class Builder {
        private Optional<String> token = Optional.empty();
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder() {}

        /** Demand {@code Authorization: Bearer token}. */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            if (token.isEmpty() || !printable(token)) {
                throw new IllegalArgumentException("the token must be non-empty printable ASCII");
            }
            this.token = Optional.of(token);
            return this;
        }

        /** Demand the header {@code name} with exactly {@code value} (the name case-insensitive, as in HTTP). */
        public Builder requireHeader(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+") || !printable(value)) {
                throw new IllegalArgumentException("not a valid header: " + name);
            }
            headers.put(name, value);
            return this;
        }

        /** Starts the script and waits until it listens. */
        public TestMcpServer start() {
            Path node = NodePeer.node();
            // node_modules/@modelcontextprotocol/sdk -> src/test/node
            Path dir =
                    NodePeer.requirePackage(SDK_PACKAGE).getParent().getParent().getParent();
            Path script = dir.resolve(SCRIPT);
            if (!Files.isRegularFile(script)) {
                throw new AssertionError("the MCP test server " + script + " is missing");
            }
            try {
                Path output = Files.createTempFile("easel-mcp-test-server", ".log");
                ProcessBuilder builder = new ProcessBuilder(List.of(node.toString(), script.toString(), "--port", "0"))
                        .directory(dir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(
                                Path.of("/dev/null").toFile()))
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                builder.environment().clear();
                token.ifPresent(t -> builder.environment().put("MCP_TEST_TOKEN", t));
                if (!headers.isEmpty()) {
                    builder.environment()
                            .put(
                                    "MCP_TEST_REQUIRE_HEADER",
                                    headers.entrySet().stream()
                                            .map(e -> e.getKey() + "=" + e.getValue())
                                            .collect(Collectors.joining("\n")));
                }
                TestMcpServer server = new TestMcpServer(builder.start(), output);
                server.awaitListening();
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Arguments for {@code check_header} that ask whether the header {@code name} arrived with
     * {@code value} without sending the value: {@code {"name":NAME,"sha256":HEX}}, the SHA-256 of
     * its UTF-8 bytes. The tool answers {@code match}, {@code mismatch} or {@code absent}.
     */
    public static String checkHeaderArguments(String name, String value) {
        String sha256;
        try {
            sha256 = java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return dev.easel.json.Wire.MAPPER
                .createObjectNode()
                .put("name", name)
                .put("sha256", sha256)
                .toString();
    }

    /** The port it listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Its MCP endpoint: {@code http://127.0.0.1:PORT/mcp}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    /** The allow-list entry that lets the URL guard reach it: {@code 127.0.0.1:PORT}. */
    public String allowEntry() {
        return "127.0.0.1:" + port;
    }

    /** Everything the script printed so far (stdout and stderr); never a token or a header value. */
    public String log() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    /** The HTTP requests it has seen, in order, as {@code "POST /mcp auth=yes"}: refused ones included. */
    public List<String> requests() {
        return linesAfter("request ");
    }

    /** How many HTTP requests it has seen (refused ones included). */
    public int requestCount() {
        return requests().size();
    }

    /** The refusals, in order, as {@code "401 no bearer token"}, {@code "401 wrong bearer token"}, {@code "403 header x-tenant missing"}. */
    public List<String> refusals() {
        return linesAfter("refused ");
    }

    /** The names of the tools called, in order (each call as it starts). */
    public List<String> calls() {
        return linesAfter("call ");
    }

    /** Waits until {@link #log()} has a line equal to {@code line}, for up to {@code limit}; whether it came. */
    public boolean awaitLine(String line, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        do {
            if (log().lines().anyMatch(line::equals)) {
                return true;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private List<String> linesAfter(String prefix) {
        List<String> found = new ArrayList<>();
        log().lines().filter(l -> l.startsWith(prefix)).forEach(l -> found.add(l.substring(prefix.length())));
        return found;
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(log());
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                return;
            }
            if (!process.isAlive()) {
                String log = log();
                close();
                throw new AssertionError(SCRIPT + " exited with " + process.exitValue() + " before listening:\n" + log);
            }
            sleep(50);
        }
        String log = log();
        close();
        throw new AssertionError(SCRIPT + " did not listen within " + START_LIMIT.toSeconds() + " s:\n" + log);
    }

    private static boolean printable(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\t');
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + SCRIPT, e);
        }
    }

    /** Stops the script (SIGTERM, then SIGKILL after 5 s) and removes its log. */
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

    @Override
    public String toString() {
        return "TestMcpServer[" + (port == 0 ? "starting" : url()) + "]";
    }
}
