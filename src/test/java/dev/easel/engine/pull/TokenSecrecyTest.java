package dev.easel.engine.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The token authenticates requests to the hub and goes nowhere else. */
class TokenSecrecyTest {

    private static final String TOKEN = "hf_SecretToken1234567890";
    private static final String GATED = "acme/gated";

    @TempDir
    Path models;

    private FakeHub hub;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger easelLogger = (Logger) LoggerFactory.getLogger("dev.easel");
    private Level previousLevel;

    @BeforeEach
    void setUp() throws IOException {
        hub = new FakeHub().repo(GATED, TestRepos.tinySd()).gated(GATED, TOKEN);
        previousLevel = easelLogger.getLevel();
        easelLogger.setLevel(Level.TRACE);
        easelLogger.setAdditive(false);
        logs.start();
        easelLogger.addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        easelLogger.detachAppender(logs);
        easelLogger.setLevel(previousLevel);
        easelLogger.setAdditive(true);
        hub.close();
    }

    @Test
    void tokenGoesToTheHubOnlyAndIsNeverShown() throws Exception {
        HubSettings settings = new HubSettings(hub.endpoint(), Optional.of(TOKEN), Duration.ofSeconds(5));
        HubClient client = new HubClient(settings, TestRepos.fastRetries());

        PullResult result = client.pull(GATED, "main", models, PullListener.NONE);

        assertThat(result.files()).containsExactlyElementsOf(TestRepos.EXPECTED);
        assertThat(hub.requests())
                .filteredOn(r -> r.server().equals("hub"))
                .isNotEmpty()
                .allMatch(r -> ("Bearer " + TOKEN).equals(r.authorization()));
        // The CDN is another origin: signed URLs authorize it, the token must not leak there.
        assertThat(hub.requests())
                .filteredOn(r -> r.server().equals("cdn"))
                .isNotEmpty()
                .allMatch(r -> r.authorization() == null);
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains(TOKEN));
        assertThat(String.join(" ", result.toString(), settings.toString(), client.toString()))
                .doesNotContain(TOKEN)
                .contains("<redacted>");
    }

    @Test
    void aRejectedTokenIsNotInFailureMessages() {
        HubSettings settings = new HubSettings(hub.endpoint(), Optional.of(TOKEN + "x"), HubSettings.DEFAULT_TIMEOUT);
        HubClient client = new HubClient(settings, TestRepos.fastRetries());

        assertThatThrownBy(() -> client.pull(GATED, "main", models, PullListener.NONE))
                .isInstanceOf(PullException.class)
                .hasMessageContaining("HF_TOKEN")
                .hasMessageNotContaining(TOKEN);
        assertThat(hub.requests())
                .first()
                .extracting(FakeHub.Request::authorization)
                .isEqualTo("Bearer " + TOKEN + "x");
        assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains(TOKEN));
    }
}
