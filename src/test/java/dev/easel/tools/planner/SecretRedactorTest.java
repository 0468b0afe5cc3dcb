package dev.easel.tools.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {
    static final String KEY = "pk-live-7Hq2ZrX9mN4bV1cT8wL3";
    private final SecretRedactor redactor = new SecretRedactor(List.of(KEY, "", "short"));

    @Test
    void theKeyInEveryEchoedFormIsRedacted() {
        byte[] bytes = KEY.getBytes(StandardCharsets.UTF_8);
        for (String echo : List.of(
                KEY,
                KEY.toUpperCase(java.util.Locale.ROOT),
                KEY.toLowerCase(java.util.Locale.ROOT),
                Base64.getEncoder().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                HexFormat.of().formatHex(bytes),
                KEY.substring(0, 10) + "…" + KEY.substring(KEY.length() - 9),
                "my key is " + KEY.substring(3, 15) + " or so")) {
            String out = redactor.redact("Sure! " + echo + " is what you asked for.");
            assertThat(out).as(echo).contains(SecretRedactor.REDACTED).doesNotContain(echo);
        }
    }

    @Test
    void keysShapedLikeWellKnownCredentialsAreRedactedAndOrdinaryTextIsNot() {
        for (String shaped : List.of(
                "sk-proj-abcdefghijklmnopqrstuvwx",
                "sk-ant-api03-abcdefghijklmnopqrstuv",
                "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
                "hf_abcdefghijklmnopqrstuvwxyzAB",
                "AKIAABCDEFGHIJKLMNOP",
                "Bearer abcdefghijklmnopqrstuvwxyz012345")) {
            assertThat(redactor.redact("x " + shaped + " y")).as(shaped).isEqualTo("x [redacted] y");
        }
        String prose = "A lighthouse at dusk, 42 ships, skies of pink and gold; ask-me-anything posters.";
        assertThat(redactor.clean(prose)).isTrue();
    }
}
