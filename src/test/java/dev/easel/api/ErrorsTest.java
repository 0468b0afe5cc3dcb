package dev.easel.api;

import static dev.easel.api.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Invalid requests get OpenAI's error object with the right status, type, code and param, before
 * anything is queued. (Limits that need a differently configured server: {@link LimitErrorsTest}.)
 */
class ErrorsTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static final String INVALID = "invalid_request_error";

    @Test
    void unknownModelIsNotFound() {
        assertError(
                generate(Map.of("model", "gpt-7-ultra", "prompt", "a cat")), 404, INVALID, "model_not_found", "model");
    }

    @Test
    void unknownModelIsNotFoundOnEditsToo() {
        JsonNode error = assertError(
                edit(new Multipart()
                        .file("image", "a.png", "image/png", WireImages.png(WireImages.noise(64, 64, 1)))
                        .text("model", "gpt-7-ultra")),
                404,
                INVALID,
                "model_not_found",
                "model");
        assertThat(error.get("message").asString())
                .isEqualTo("The model 'gpt-7-ultra' does not exist or you do not have access to it.");
    }

    @Test
    void sizeTheModelCannotMakeNamesTheLimits() {
        JsonNode error = assertError(
                generate(Map.of("model", "gpt-image-1", "prompt", "a cat", "size", "3x3")),
                400,
                INVALID,
                "invalid_value",
                "size");
        assertThat(error.get("message").asString())
                .isEqualTo("Invalid 'size': 3x3 is not available for model 'tiny'; sides must be multiples of 8"
                        + " from 64 to 2048.");
    }

    /** Each field set to a value the server must refuse, with the code it must answer. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            size               | "100x100"     | invalid_value
            size               | "3x3"         | invalid_value
            size               | "4096x4096"   | invalid_value
            size               | "banana"      | invalid_value
            n                  | 0             | invalid_value
            n                  | 11            | invalid_value
            output_format      | "bmp"         | invalid_value
            output_compression | 101           | invalid_value
            background         | "clear"       | invalid_value
            prompt             | ""            | empty_string
            n                  | "2"           | invalid_type
            """)
    void invalidFieldIsNamedInParam(String field, String jsonValue, String code) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "gpt-image-1");
        body.put("prompt", "a cat");
        body.put(field, Wire.json(jsonValue));
        assertError(generate(body), 400, INVALID, code, field);
    }

    @Test
    void promptOverThirtyTwoThousandCharactersIsTooLong() {
        char[] prompt = new char[32_001];
        Arrays.fill(prompt, 'a');
        assertError(
                generate(Map.of("model", "gpt-image-1", "prompt", new String(prompt))),
                400,
                INVALID,
                "string_above_max_length",
                "prompt");
    }

    @Test
    void missingPromptIsAMissingRequiredParameter() {
        assertError(generate(Map.of("model", "gpt-image-1")), 400, INVALID, "missing_required_parameter", "prompt");
    }

    @Test
    void bodyThatIsNotJsonIsInvalidJson() {
        assertError(
                Wire.postJson(server, "/v1/images/generations", "{\"prompt\": \"a cat\","),
                400,
                INVALID,
                "invalid_json",
                null);
    }

    @Test
    void unknownFieldIsNamedInParam() {
        assertError(generate(Map.of("prompt", "a cat", "colour", "blue")), 400, INVALID, "unknown_parameter", "colour");
    }

    @Test
    void generationsRefuseOtherContentTypes() {
        HttpResponse<String> response = Wire.send(HttpRequest.newBuilder(server.uri("/v1/images/generations"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("prompt=a cat"))
                .build());
        assertError(response, 415, INVALID, "unsupported_media_type", null);
    }

    @Test
    void editImageThatDoesNotDecodeIsInvalid() {
        byte[] png = WireImages.png(WireImages.noise(64, 64, 1));
        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        assertError(
                edit(new Multipart().file("image", "a.png", "image/png", truncated)),
                400,
                INVALID,
                "invalid_image",
                "image");
    }

    @Test
    void editImageInAnUnsupportedFormatIsUnsupportedMediaType() {
        byte[] gif = WireImages.write(WireImages.noise(64, 64, 1), "gif");
        assertError(
                edit(new Multipart().file("image", "a.gif", "image/gif", gif)),
                415,
                INVALID,
                "unsupported_media_type",
                "image");
    }

    @Test
    void maskOfAnotherSizeIsInvalid() {
        assertError(
                edit(new Multipart()
                        .file("image", "a.png", "image/png", WireImages.png(WireImages.noise(64, 64, 1)))
                        .file(
                                "mask",
                                "m.png",
                                "image/png",
                                WireImages.png(WireImages.maskWithHole(72, 64, 8, 8, 16, 16)))),
                400,
                INVALID,
                "invalid_value",
                "mask");
    }

    @Test
    void maskWithoutAlphaIsInvalid() {
        BufferedImage opaque = WireImages.noise(64, 64, 2);
        assertError(
                edit(new Multipart()
                        .file("image", "a.png", "image/png", WireImages.png(WireImages.noise(64, 64, 1)))
                        .file("mask", "m.png", "image/png", WireImages.png(opaque))),
                400,
                INVALID,
                "invalid_image_mode",
                "mask");
    }

    @Test
    void editWithoutImageIsMissingImage() {
        assertError(edit(new Multipart()), 400, INVALID, "missing_required_parameter", "image");
    }

    @Test
    void malformedMultipartBodyIsABadRequest() {
        HttpResponse<String> response = Wire.send(HttpRequest.newBuilder(server.uri("/v1/images/edits"))
                .header("Content-Type", "multipart/form-data; boundary=xyz")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "--xyz\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nhi"))
                .build());
        assertError(response, 400, INVALID, "invalid_multipart", null);
    }

    @Test
    void unknownRouteIsNotFoundAsOpenAiError() {
        assertError(Wire.get(server, "/v1/images/variations/nope"), 404, INVALID, null, null);
    }

    @Test
    void successfulResponsesCarryARequestIdToo() {
        HttpResponse<String> models = Wire.get(server, "/v1/models");
        assertThat(models.statusCode()).isEqualTo(200);
        ApiErrors.assertWellBehaved(models);
        HttpResponse<String> image = generate(Map.of("model", "gpt-image-1", "prompt", "a cat", "size", "64x64"));
        assertThat(image.statusCode()).isEqualTo(200);
        ApiErrors.assertWellBehaved(image);
    }

    private static HttpResponse<String> generate(Map<String, ?> body) {
        return Wire.postJson(server, "/v1/images/generations", Wire.write(body));
    }

    private static HttpResponse<String> edit(Multipart form) {
        form.text("model", "gpt-image-1").text("prompt", "a door").text("size", "64x64");
        return Wire.postMultipart(server, "/v1/images/edits", form);
    }
}
