package dev.easel.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The MCP conformance suite ({@code @modelcontextprotocol/conformance}, pinned in
 * src/test/node/package-lock.json) run on the pinned Node.js 22 (see {@link NodePeer}; a missing
 * peer fails the test and says how to install it). Each run writes its results into a fresh
 * temporary folder ({@code --output-dir}), one {@code checks.json} per scenario, read back here.
 */
public final class ConformanceSuite {
    static final String PACKAGE = "@modelcontextprotocol/conformance";

    private ConformanceSuite() {}

    /** One check of a scenario, as its {@code checks.json} has it. */
    public record Check(String id, String status, String description, String errorMessage) {
        public boolean failed() {
            return status.equals("FAILURE");
        }

        public boolean passed() {
            return status.equals("SUCCESS");
        }

        @Override
        public String toString() {
            return id + " " + status + (errorMessage.isEmpty() ? "" : ": " + errorMessage);
        }
    }

    /** What one run of the CLI left: its output, and each scenario's checks by scenario name. */
    public record Run(String output, Map<String, List<Check>> scenarios) {
        /** The checks of one scenario; a scenario with no results fails the test with the CLI's output. */
        public List<Check> checks(String scenario) {
            List<Check> checks = scenarios.get(scenario);
            if (checks == null || checks.isEmpty()) {
                throw new AssertionError("the conformance suite left no checks for scenario " + scenario + "; it has "
                        + scenarios.keySet() + "\n" + output);
            }
            return checks;
        }
    }

    /** Whether a scenario's checks all passed: at least one success, and no failure or warning. */
    public static boolean passes(List<Check> checks) {
        return checks.stream().anyMatch(Check::passed)
                && checks.stream().noneMatch(c -> c.failed() || c.status().equals("WARNING"));
    }

    /** Every scenario {@code conformance list --client} (or {@code --server}) names, whatever its suite. */
    public static List<String> scenarios(String side) {
        Path cli = NodePeer.requirePackage(PACKAGE).resolve("dist/index.js");
        try {
            ExternalProcess.Result result = ExternalProcess.run(
                    List.of(NodePeer.node().toString(), cli.toString(), "list", "--" + side),
                    NodePeer.DIR,
                    Duration.ofSeconds(30),
                    "Node.js 22 (npm " + NodePeer.NODE_PACKAGE + ") could not be started");
            if (result.exitCode() != 0) {
                throw new AssertionError("conformance list --" + side + ": " + result.describe());
            }
            return result.stdout()
                    .lines()
                    .map(String::strip)
                    .filter(l -> l.startsWith("- "))
                    .map(l -> l.substring(2).replaceFirst("\\s*\\[.*$", ""))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while listing the conformance scenarios", e);
        }
    }

    /**
     * Runs {@code conformance <args...> --output-dir <temp>} to completion within {@code limit}. Its
     * exit code is not checked (it is non-zero when any check fails): the caller judges the checks.
     */
    public static Run run(Duration limit, String mode, String... args) {
        Path cli = NodePeer.requirePackage(PACKAGE).resolve("dist/index.js");
        if (!Files.isRegularFile(cli)) {
            throw new AssertionError(cli + " is missing; install the pinned peers with `(cd src/test/node && npm ci)`");
        }
        Path out = null;
        try {
            out = Files.createTempDirectory("easel-conformance");
            List<String> command = new ArrayList<>(List.of(NodePeer.node().toString(), cli.toString(), mode));
            command.addAll(List.of(args));
            command.addAll(List.of("--output-dir", out.toString()));
            ExternalProcess.Result result = ExternalProcess.run(
                    command, out, limit, "Node.js 22 (npm " + NodePeer.NODE_PACKAGE + ") could not be started");
            return new Run(result.describe(), readChecks(out, mode));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running the conformance suite", e);
        } finally {
            deleteTree(out);
        }
    }

    /**
     * Every {@code checks.json} under {@code out}, by scenario: the path from {@code out} to the
     * file's folder (an {@code auth/...} scenario is a nested folder) less the {@code server-}
     * prefix of server mode and the {@code -<timestamp>} suffix.
     */
    private static Map<String, List<Check>> readChecks(Path out, String mode) throws IOException {
        Map<String, List<Check>> scenarios = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(out)) {
            files = walk.filter(p -> p.getFileName().toString().equals("checks.json"))
                    .toList();
        }
        for (Path file : files) {
            String folder = out.relativize(file.getParent()).toString().replace('\\', '/');
            String scenario = folder.replaceFirst("-\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z$", "");
            if (mode.equals("server")) {
                scenario = scenario.replaceFirst("^server-", "");
            }
            List<Check> checks = new ArrayList<>();
            for (JsonNode check : Wire.json(Files.readString(file))) {
                checks.add(new Check(
                        text(check, "id"),
                        text(check, "status"),
                        text(check, "description"),
                        text(check, "errorMessage")));
            }
            scenarios.put(scenario, checks);
        }
        return scenarios;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
