package dev.easel.engine.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HubSettingsTest {

    @Test
    void defaultsToHuggingFace() {
        assertThat(HubSettings.DEFAULT_ENDPOINT).isEqualTo(URI.create("https://huggingface.co"));
        assertThat(HubSettings.DEFAULT_TIMEOUT).isPositive();
    }

    @Test
    void normalizesEndpointAndToken() {
        HubSettings settings = new HubSettings(
                HubSettings.parseEndpoint("https://mirror.example/hf/"),
                Optional.of(" hf_abc \n"),
                HubSettings.DEFAULT_TIMEOUT);

        assertThat(settings.endpoint()).isEqualTo(URI.create("https://mirror.example/hf"));
        assertThat(settings.token()).contains("hf_abc");
        assertThat(settings.toString()).doesNotContain("hf_abc").contains("<redacted>");
        assertThat(new HubUrls(settings.endpoint())
                        .resolve(new RepoRevision(new RepoId("a/b"), "refs/pr/1"), "unet/my model.onnx"))
                .isEqualTo(URI.create("https://mirror.example/hf/a/b/resolve/refs%2Fpr%2F1/unet/my%20model.onnx"));
    }

    @Test
    void blankTokenMeansNone() {
        assertThat(new HubSettings(HubSettings.DEFAULT_ENDPOINT, Optional.of("  "), HubSettings.DEFAULT_TIMEOUT)
                        .token())
                .isEmpty();
    }

    @Test
    void rejectsBadEndpointsAndTokensWithoutEchoingTheToken() {
        assertThatThrownBy(() -> HubSettings.parseEndpoint("huggingface.co"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("hub endpoint must be an absolute http(s) URL");
        assertThatThrownBy(() -> HubSettings.parseEndpoint("https://me:hf_pw@mirror.example"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hf_pw");
        assertThatThrownBy(() ->
                        new HubSettings(URI.create("https://h"), Optional.of("hf_a\r\nX: y"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hf_a");
    }

    @Test
    void repoIdsMapToUnambiguousFolderNames() {
        assertThat(new RepoId("stabilityai/sd-turbo").folderName()).isEqualTo("stabilityai--sd-turbo");
        assertThat(new RepoId("gpt2").folderName()).isEqualTo("gpt2");
        for (String bad : new String[] {"", "a/b/c", "../x", "a/..", "a--b/c", "/a", "a/", "a b/c", "a/b\\c"}) {
            assertThatThrownBy(() -> new RepoId(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void unsafeListingPathsAreRejected() {
        for (String bad : new String[] {"../x", "/etc/passwd", "a/../../b", "a//b", "a\\b", "./a"}) {
            assertThatThrownBy(() -> new RepoFile(bad, 1, Optional.empty(), Optional.empty()))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
