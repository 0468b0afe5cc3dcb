package dev.easel.engine.pull;

import static dev.easel.engine.pull.TestRepos.REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures end in one clear line the CLI can print as-is. */
class PullFailuresTest {

    @TempDir
    Path models;

    private FakeHub hub;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub()
                .repo(REPO, TestRepos.tinySd())
                .repo("acme/gated", TestRepos.tinySd())
                .gated("acme/gated", "hf_right");
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void unknownRepositoryIsNotFound() {
        assertThatThrownBy(() -> TestRepos.client(hub).pull("acme/missing", "main", models, PullListener.NONE))
                .isInstanceOfSatisfying(
                        PullException.class, e -> assertThat(e.reason()).isEqualTo(PullException.Reason.NOT_FOUND))
                .hasMessage("repository acme/missing not found on " + hub.endpoint()
                        + " (or it has no revision 'main'): check the id and --revision");
    }

    @Test
    void unknownRevisionIsNamed() {
        assertThatThrownBy(() -> TestRepos.client(hub).pull(REPO, "v9", models, PullListener.NONE))
                .isInstanceOf(PullException.class)
                .hasMessage("revision 'v9' not found in acme/tiny-sd");
    }

    @Test
    void unreachableEndpointGivesTheOfflineMessageWithoutRetrying() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port);
        // Slow retries: if a connection failure were retried, the test would take over 20 s.
        HubClient client = new HubClient(
                new HubSettings(closed, Optional.empty(), Duration.ofSeconds(5)),
                new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(10)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.pull(REPO, "main", models, PullListener.NONE))
                .isInstanceOfSatisfying(
                        PullException.class, e -> assertThat(e.reason()).isEqualTo(PullException.Reason.UNREACHABLE))
                .hasMessageStartingWith("cannot reach " + closed + " (connection refused)")
                .hasMessageEndingWith("): Easel needs network access to pull models; copy an ONNX export folder into "
                        + models + " instead, or run `easel synth-model` for a demo model")
                .hasMessageNotContaining("\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void gatedRepositoryWithoutTokenPointsToHfToken() {
        assertThatThrownBy(() -> TestRepos.client(hub).pull("acme/gated", "main", models, PullListener.NONE))
                .isInstanceOfSatisfying(
                        PullException.class, e -> assertThat(e.reason()).isEqualTo(PullException.Reason.ACCESS_DENIED))
                .hasMessageContaining("acme/gated")
                .hasMessageContaining("gated")
                .hasMessageContaining("set HF_TOKEN");
    }

    @Test
    void gatedRepositoryWithAWrongTokenSaysTheTokenLacksAccess() {
        HubClient client = TestRepos.client(hub, Optional.of("hf_wrong"), Duration.ofSeconds(5));

        assertThatThrownBy(() -> client.pull("acme/gated", "main", models, PullListener.NONE))
                .isInstanceOf(PullException.class)
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("the current HF_TOKEN has no access");
    }

    @Test
    void persistentServerErrorsFailAfterTheRetries() {
        hub.failNext(100);

        assertThatThrownBy(() -> TestRepos.client(hub).pull(REPO, "main", models, PullListener.NONE))
                .isInstanceOfSatisfying(
                        PullException.class, e -> assertThat(e.reason()).isEqualTo(PullException.Reason.TRANSFER))
                .hasMessageStartingWith("downloading model_index.json failed after 3 attempts: HTTP 503 from ");
        assertThat(hub.requests().stream().filter(r -> r.path().contains("/resolve/")))
                .hasSize(3);
    }

    @Test
    void malformedRepositoryIdIsRejectedBeforeAnyRequest() {
        assertThatThrownBy(() -> TestRepos.client(hub).pull("../etc", "main", models, PullListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid Hugging Face repository id '../etc'");
        assertThat(hub.requests()).isEmpty();
    }
}
