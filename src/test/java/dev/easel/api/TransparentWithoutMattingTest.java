package dev.easel.api;

import static dev.easel.api.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** A server without a matting model: transparent is a 400 that names the pull command; auto is opaque. */
class TransparentWithoutMattingTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    @Test
    void imagesApiTransparentNamesThePullCommand() {
        HttpResponse<String> response = Wire.postJson(
                server, "/v1/images/generations", "{\"prompt\": \"a kite\", \"background\": \"transparent\"}");
        JsonNode error = assertError(response, 400, "invalid_request_error", "invalid_value", "background");
        assertThat(error.get("message").asString())
                .contains("`easel pull --matting`")
                .contains("matting_model");
    }

    @Test
    void responsesToolTransparentNamesThePullCommandAtItsField() {
        HttpResponse<String> response = Wire.postJson(server, "/v1/responses", """
                {"model": "gpt-5", "input": "a kite",
                 "tools": [{"type": "image_generation", "background": "transparent"}]}""");
        JsonNode error = assertError(response, 400, "invalid_request_error", "invalid_value", "tools[0].background");
        assertThat(error.get("message").asString()).contains("`easel pull --matting`");
    }

    @Test
    void autoStaysOpaqueWhateverThePromptSays() {
        HttpResponse<String> response = Wire.postJson(server, "/v1/images/generations", """
                {"prompt": "a kite on a transparent background", "background": "auto", "size": "64x64",
                 "steps": 1, "output_format": "png"}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Wire.json(response.body());
        assertThat(body.get("background").asString()).isEqualTo("opaque");
        assertThat(WireImages.decode(
                                WireImages.base64(body.at("/data/0/b64_json").asString()))
                        .getColorModel()
                        .hasAlpha())
                .isFalse();
    }
}
