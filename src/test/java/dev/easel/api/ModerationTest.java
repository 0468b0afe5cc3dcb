package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.synth.TinyGraphs;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Moderation through the wire: the prompt policy on both APIs (OpenAI's {@code moderation_blocked}
 * error with its {@code moderation_details}), {@code moderation: low} letting a borderline
 * category through, and the output check with a safety checker of the standard export's shape
 * that flags every picture: no blocked preview is ever sent, on either API's stream.
 */
class ModerationTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    /** The tiny model with a safety checker that flags everything it sees. */
    @RegisterExtension
    static final TestServer checked = TestServer.withDefaults()
            .withModelFolder(folder -> TinyGraphs.safetyChecker(folder.resolve("safety_checker"), -1e9f));

    /** A server with an image classifier sure that every picture is nsfw, and a text classifier. */
    @RegisterExtension
    static final TestServer classified = TestServer.with(java.util.Map.of(
            "moderation.image_classifier", classifier().toString(),
            "moderation.text_classifier", textClassifier().toString()));

    private static final String IMAGE = "\"size\": \"64x64\", \"quality\": \"low\"";

    /** A BERT-style text classifier that finds any prompt holding the word "awful" toxic. */
    private static java.nio.file.Path textClassifier() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("easel-text-classifier");
            TinyGraphs.textClassifier(dir, List.of("a", "an", "lighthouse", "awful", "##s"), "awful");
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.nio.file.Path classifier() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("easel-classifier");
            TinyGraphs.imageClassifier(dir, List.of("normal", "nsfw"), new float[] {0f, 5f});
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** OpenAI's moderation error: the four fields, the type and code, and the details of the block. */
    private static JsonNode assertBlocked(HttpResponse<String> response, String stage, String... categories) {
        ApiErrors.assertWellBehaved(response);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = Wire.json(response.body()).get("error");
        assertThat(Set.copyOf(error.propertyNames()))
                .isEqualTo(Set.of("message", "type", "param", "code", "moderation_details"));
        assertThat(error.get("type").asString()).isEqualTo("image_generation_user_error");
        assertThat(error.get("code").asString()).isEqualTo("moderation_blocked");
        assertThat(error.get("param").isNull()).isTrue();
        assertThat(error.get("message").asString())
                .startsWith("Your request was rejected by the safety system.")
                .contains("safety_violations=[" + String.join(", ", categories) + "]");
        JsonNode details = error.get("moderation_details");
        assertThat(details.get("moderation_stage").asString()).isEqualTo(stage);
        assertThat(details.get("categories")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList())
                .containsExactly(categories);
        return error;
    }

    private static HttpResponse<String> generate(TestServer on, String prompt, String extra) {
        return Wire.postJson(on, "/v1/images/generations", "{\"prompt\": \"" + prompt + "\", " + IMAGE + extra + "}");
    }

    @Test
    void theImagesApiRefusesABlockedPromptWithOpenAisError() {
        try (LogCapture logs = LogCapture.start()) {
            assertBlocked(generate(server, "a nude figure by the sea", ""), "input", "sexual");
            assertThat(logs.text()).contains("moderation blocked the input").doesNotContain("figure by the sea");
        }
        HttpResponse<String> edit = Wire.postMultipart(
                server,
                "/v1/images/edits",
                new Multipart()
                        .text("prompt", "make it n.u.d.e")
                        .file("image", "a.png", "image/png", WireImages.png(WireImages.noise(64, 64, 1))));
        assertBlocked(edit, "input", "sexual");
        assertThat(Wire.get(server, "/metrics").body())
                .contains("easel_moderation_decisions_total{category=\"sexual\",outcome=\"blocked\",stage=\"input\"}");
    }

    @Test
    void lowLetsTheBorderlineCategoryThroughAndAutoDoesNot() {
        String gory = "a gory zombie movie poster";
        assertBlocked(generate(server, gory, ""), "input", "violence/graphic");
        HttpResponse<String> low = generate(server, gory, ", \"moderation\": \"low\"");
        assertThat(low.statusCode()).as(low.body()).isEqualTo(200);
        assertBlocked(generate(server, "a naked child", ", \"moderation\": \"low\""), "input", "sexual/minors");
    }

    @Test
    void aResponsesImageCallWithABlockedPromptFails() {
        HttpResponse<String> made = Wire.postJson(
                server,
                "/v1/responses",
                "{\"model\": \"direct\", \"input\": \"a nude figure\", \"tools\": [{\"type\": \"image_generation\", "
                        + IMAGE + "}]}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        JsonNode response = Wire.json(made.body());
        assertThat(response.get("status").asString()).isEqualTo("failed");
        assertThat(response.get("error").get("code").asString()).isEqualTo("image_content_policy_violation");
        assertThat(response.get("error").get("message").asString()).contains("safety_violations=[sexual]");
        JsonNode call = response.get("output").get(0);
        assertThat(call.get("type").asString()).isEqualTo("image_generation_call");
        assertThat(call.get("status").asString()).isEqualTo("failed");
        assertThat(call.get("result").isNull()).isTrue();
    }

    @Test
    void theOutputCheckBlocksTheImageOnTheImagesApi() {
        assertBlocked(generate(checked, "a lighthouse", ""), "output", "sexual");
        HttpResponse<String> low = generate(checked, "a lighthouse", ", \"moderation\": \"low\"");
        assertBlocked(low, "output", "sexual");
        assertThat(Wire.get(checked, "/metrics").body())
                .contains("easel_moderation_decisions_total{category=\"sexual\",outcome=\"blocked\",stage=\"output\"}");
    }

    @Test
    void classifiersNamedInTheConfigurationCheckEveryPromptAndPicture() {
        assertBlocked(generate(classified, "a lighthouse", ""), "output", "nsfw");
        assertBlocked(generate(classified, "AWFULS lighthouse", ""), "input", "toxic");
        assertBlocked(generate(classified, "an awful lighthouse", ", \"moderation\": \"low\""), "input", "toxic");
    }

    @Test
    void noBlockedPreviewIsEverSentOnAnImagesStream() {
        HttpResponse<String> streamed = Wire.send(HttpRequest.newBuilder(checked.uri("/v1/images/generations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"prompt\": \"a lighthouse\", " + IMAGE + ", \"stream\": true, \"partial_images\": 2}"))
                .build());
        assertThat(streamed.statusCode()).isEqualTo(200);
        List<SseFrames.Frame> frames = new SseFrames(streamed.body().lines().iterator()).all();
        assertThat(frames).extracting(SseFrames.Frame::event).containsExactly("error");
        JsonNode error = Wire.json(frames.getFirst().data()).get("error");
        assertThat(error.get("code").asString()).isEqualTo("moderation_blocked");
        assertThat(error.get("moderation_details").get("moderation_stage").asString())
                .isEqualTo("output");
    }

    @Test
    void noBlockedPreviewIsEverSentOnAResponsesStream() {
        ResponseStream stream = ResponseStream.post(
                checked,
                "{\"model\": \"direct\", \"input\": \"a lighthouse\", \"stream\": true, \"tools\": [{\"type\":"
                        + " \"image_generation\", " + IMAGE + ", \"partial_images\": 2}]}");
        assertThat(stream.types())
                .doesNotContain("response.image_generation_call.partial_image")
                .contains("response.failed");
        JsonNode failed = stream.finalResponse();
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("image_content_policy_violation");
        assertThat(failed.get("output").get(0).get("status").asString()).isEqualTo("failed");
        assertThat(stream.body()).doesNotContain("\"partial_image_b64\"");
    }
}
