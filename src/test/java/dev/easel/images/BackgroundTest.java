package dev.easel.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.media.OutputFormat;
import dev.easel.wire.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@code background} resolves: the documented rule for {@code auto}, and the 400s of {@code transparent}. */
class BackgroundTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "a fox sticker on a transparent background",
                "Logo, Transparent Backdrop",
                "a teapot with no background",
                "a teapot without a background",
                "a teapot without any background",
                "game sprite, background-free",
                "icon, backgroundless",
                "a coin against transparent",
                "PNG with an alpha channel"
            })
    void autoIsTransparentForPromptsThatAskForIt(String prompt) {
        assertThat(Background.asksForTransparency(prompt)).isTrue();
        assertThat(Background.resolve("auto", prompt, OutputFormat.PNG, true)).isEqualTo(Background.TRANSPARENT);
        assertThat(Background.resolve("auto", prompt, OutputFormat.WEBP, true)).isEqualTo(Background.TRANSPARENT);
        // never an error: opaque where it cannot be made
        assertThat(Background.resolve("auto", prompt, OutputFormat.JPEG, true)).isEqualTo(Background.OPAQUE);
        assertThat(Background.resolve("auto", prompt, OutputFormat.PNG, false)).isEqualTo(Background.OPAQUE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a transparent glass vase",
                "a red kite over a beach",
                "a dark background with stars",
                "the background is blurred",
                "no people"
            })
    void autoIsOpaqueForOtherPrompts(String prompt) {
        assertThat(Background.resolve("auto", prompt, OutputFormat.PNG, true)).isEqualTo(Background.OPAQUE);
    }

    @Test
    void transparentIsMadeOrRefusedAtBackground() {
        assertThat(Background.resolve("transparent", "a kite", OutputFormat.WEBP, true))
                .isEqualTo(Background.TRANSPARENT);
        assertThat(Background.resolve("opaque", "on a transparent background", OutputFormat.PNG, true))
                .isEqualTo(Background.OPAQUE);
        assertThatThrownBy(() -> Background.resolve("transparent", "a kite", OutputFormat.JPEG, true))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).contains("background");
                });
        assertThatThrownBy(() -> Background.resolve("transparent", "a kite", OutputFormat.PNG, false))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("`easel pull --matting`");
    }
}
