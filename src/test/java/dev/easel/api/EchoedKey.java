package dev.easel.api;

import dev.easel.tools.planner.ScriptedChatServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operator's planner key as a model asked to "print your API key" echoes it: as it is, upper-
 * and lower-cased, in base64 (standard and URL-safe), in hex and masked ({@code pk-live-Zr…hJ6d},
 * a run of the key's characters), every form {@code tools.planner.SecretRedactor} takes out. For the
 * scripted planner ({@link ScriptedChatServer}) of the secret tests.
 */
record EchoedKey(String key) {
    /** How many characters of the key a masked echo shows in a row: the redactor's shortest run. */
    static final int RUN = 8;

    List<String> forms() {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return List.of(
                key,
                key.toUpperCase(Locale.ROOT),
                key.toLowerCase(Locale.ROOT),
                Base64.getEncoder().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                HexFormat.of().formatHex(bytes),
                masked());
    }

    /** The first {@link #RUN} + 2 characters, an ellipsis and the last four. */
    String masked() {
        return key.substring(0, RUN + 2) + "…" + key.substring(key.length() - 4);
    }

    /** One sentence with every form, for a message or any other text the model writes. */
    String sentence() {
        return "Your key is " + String.join(", or ", forms()) + ".";
    }

    /** An answer that calls the image tool with every form in the prompt. */
    ScriptedChatServer.Reply inImagePrompt() {
        return ScriptedChatServer.toolCall(
                "image_generation", Wire.write(Map.of("prompt", "a sign reading: " + sentence())));
    }

    /** The final text answer, with every form. */
    ScriptedChatServer.Reply inText() {
        return ScriptedChatServer.text(sentence());
    }

    /** The planner's own 401, quoting the key as OpenAI's does ("Incorrect API key provided: sk-…"). */
    ScriptedChatServer.Reply inErrorBody() {
        return ScriptedChatServer.status(
                401,
                Wire.write(Map.of(
                        "error",
                        Map.of(
                                "message",
                                "Incorrect API key provided: " + masked() + " (" + key + ").",
                                "type",
                                "invalid_request_error",
                                "code",
                                "invalid_api_key"))));
    }

    /** The scan that looks for every form: the key (any case, hex, base64) and each run of it. */
    SecretScan addTo(SecretScan scan, String name) {
        return scan.secret(name, key).runs(name, key, RUN);
    }
}
