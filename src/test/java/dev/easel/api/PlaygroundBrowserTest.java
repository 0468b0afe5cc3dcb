package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.tools.mcp.EverythingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The playground at {@code /} end to end in headless Chromium (Debian's {@code chromium}, driven by the pinned npm
 * {@code playwright-core}; see src/test/node/playground.mjs), against a server with API keys on and a real MCP
 * server (npm server-everything): key entry, partial previews before the final image, a painted mask whose
 * unmasked pixels stay exact, a branch, reload and history, an approval clicked, no console errors, no request to
 * another origin, axe-core with no serious or critical violations, screenshots at desktop and phone widths in
 * target/playground.
 */
class PlaygroundBrowserTest {
    static final String KEY = "sk-playground-0123456789abcdefghijklmnop";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target/playground");

    static final EverythingServer everything = EverythingServer.start(EverythingServer.Mode.STREAMABLE_HTTP);

    @RegisterExtension
    static final TestServer server =
            TestServer.withEnv(Map.of("EASEL_API_KEYS", KEY, "EASEL_URL_ALLOW", everything.allowEntry()));

    @AfterAll
    static void stop() {
        everything.close();
    }

    @Test
    void theWholePageWorksInABrowser() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM))
                .as("Debian's chromium is not installed at " + CHROMIUM
                        + ": install it with `apt-get install chromium` (.ci/run does)")
                .isTrue();
        NodePeer.requirePackage("playwright-core");
        NodePeer.requirePackage("axe-core");
        ExternalProcess.Result result = NodePeer.run(
                Duration.ofMinutes(5),
                "playground.mjs",
                server.uri("/").toString().replaceAll("/$", ""),
                KEY,
                everything.url(),
                SCREENSHOTS.toString(),
                CHROMIUM.toString());
        JsonNode findings = NodePeer.lines(result).getLast();
        assertThat(findings.path("ok").asBoolean()).as(findings.toString()).isTrue();
        assertThat(findings.path("partials").asInt()).isPositive();
        assertThat(findings.path("maskedEdit").path("differ").asInt()).isZero();
        assertThat(findings.path("maskedEdit").path("kept").asInt()).isPositive();
        assertThat(findings.path("mcpCall").asString()).contains("get-tiny-image");
        assertThat(SCREENSHOTS.resolve("playground-desktop.png")).isNotEmptyFile();
        assertThat(SCREENSHOTS.resolve("playground-phone.png")).isNotEmptyFile();
    }
}
