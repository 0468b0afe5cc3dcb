package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The official {@code openai} npm package (pinned in src/test/node/package-lock.json) streams a
 * generation from a real server. Needs Node.js 20+ and npm on the PATH; without them, or when
 * {@code npm ci} fails, the test fails and says what is missing.
 */
class NpmOpenAiStreamTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static final Path NODE_DIR =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/test/node");
    private static final String NO_NODE =
            "Node.js 20+ ('node') is not on the PATH; it is needed to run the openai npm client";
    private static final String NO_NPM = "npm is not on the PATH; it is needed to install the openai npm client";

    @Test
    void npmClientStreamsTwoPartialImagesThenTheCompletedOne() throws Exception {
        ExternalProcess.Result version =
                ExternalProcess.run(List.of("node", "--version"), NODE_DIR, Duration.ofSeconds(30), NO_NODE);
        assertThat(version.exitCode()).as(NO_NODE + ": " + version.describe()).isZero();
        assertThat(Integer.parseInt(version.stdout().trim().replaceAll("^v(\\d+)\\..*", "$1")))
                .as("Node.js major version (openai@6 needs 20 or later): "
                        + version.stdout().trim())
                .isGreaterThanOrEqualTo(20);
        installClient();

        ExternalProcess.Result run = ExternalProcess.run(
                List.of("node", "stream-image.mjs", server.baseUrl() + "/v1"),
                NODE_DIR,
                Duration.ofSeconds(60),
                NO_NODE);
        assertThat(run.exitCode())
                .as("node stream-image.mjs: " + run.describe())
                .isZero();

        List<JsonNode> events =
                run.stdout().lines().filter(l -> !l.isBlank()).map(Wire::json).toList();
        assertThat(events)
                .extracting(e -> e.get("type").asString() + " " + e.get("partial_image_index"))
                .as(run.describe())
                .containsExactly(
                        "image_generation.partial_image 0",
                        "image_generation.partial_image 1",
                        "image_generation.completed null");
        for (JsonNode event : events) {
            assertThat(event.get("size").asString()).isEqualTo("64x64");
            assertThat(event.get("output_format").asString()).isEqualTo("png");
            assertThat(event.get("png").asBoolean())
                    .as("b64_json decodes to a PNG")
                    .isTrue();
        }
        assertThat(events).extracting(e -> e.get("has_usage").asBoolean()).containsExactly(false, false, true);
    }

    /** {@code npm ci} from the committed lock file, once, when node_modules is missing. */
    private static void installClient() throws Exception {
        if (Files.isRegularFile(NODE_DIR.resolve("node_modules/openai/package.json"))) {
            return;
        }
        ExternalProcess.Result ci = ExternalProcess.run(
                List.of("npm", "ci", "--no-audit", "--no-fund"), NODE_DIR, Duration.ofSeconds(180), NO_NPM);
        assertThat(ci.exitCode())
                .as("npm ci in " + NODE_DIR + " failed (is the npm registry reachable?): " + ci.describe())
                .isZero();
    }
}
