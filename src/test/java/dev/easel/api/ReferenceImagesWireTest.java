package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.synth.SyntheticModel;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Reference images through the wire: an edit's images after the first steer the picture on a
 * model with an IP-Adapter ({@code tiny-ip-adapter}), through the Images API (multipart
 * {@code image[]}, JSON {@code images}) and the Responses API's image tool (several input images);
 * a model without one ({@code tiny}) refuses them with a 400 naming where they came.
 */
class ReferenceImagesWireTest {
    private static final int SIZE = 64;

    @RegisterExtension
    static final TestServer adapter = TestServer.withModel(SyntheticModel.Shape.TINY_IP_ADAPTER);

    @RegisterExtension
    static final TestServer plain = TestServer.withDefaults();

    private static final byte[] SOURCE = WireImages.png(WireImages.noise(SIZE, SIZE, 21));
    private static final byte[] RED = WireImages.png(solid(48, 80, new Color(210, 30, 20)));
    private static final byte[] BLUE = WireImages.png(solid(80, 48, new Color(10, 40, 230)));

    @Test
    void theImagesApiEditFollowsItsReferencesAndTheirStrength() {
        BufferedImage alone = edit(adapter, new Multipart().file("image[]", "in.png", "image/png", SOURCE));
        BufferedImage red = edit(adapter, withReferences(RED));
        BufferedImage redAgain = edit(adapter, withReferences(RED));
        BufferedImage blue = edit(adapter, withReferences(BLUE));
        BufferedImage both = edit(adapter, withReferences(RED, BLUE));
        assertThat(WireImages.meanAbsDiff(red, redAgain)).isZero();
        assertThat(WireImages.meanAbsDiff(red, alone)).isGreaterThan(1.0);
        assertThat(WireImages.meanAbsDiff(red, blue)).isGreaterThan(1.0);
        assertThat(WireImages.meanAbsDiff(both, red)).isGreaterThan(0.5);
        assertThat(WireImages.meanAbsDiff(both, blue)).isGreaterThan(0.5);
        // Strength 0 turns the adapter off: the picture is the edit without references, exactly.
        BufferedImage off = edit(adapter, withReferences(RED).text("ip_adapter_scale", "0"));
        assertThat(WireImages.meanAbsDiff(off, alone)).isZero();
        BufferedImage half = edit(adapter, withReferences(RED).text("ip_adapter_scale", "0.5"));
        assertThat(WireImages.meanAbsDiff(half, red)).isPositive();
        assertThat(WireImages.meanAbsDiff(half, alone)).isPositive();
    }

    @Test
    void aJsonEditTakesItsReferencesFromImagesAsMultipartDoes() {
        HttpResponse<String> response = Wire.postJson(
                adapter, "/v1/images/edits", """
                {"model": "gpt-image-1", "prompt": "a red kite", "size": "64x64", "steps": 2, "seed": 5,
                 "images": [{"image_url": "%s"}, {"image_url": "%s"}]}""".formatted(WireImages.pngDataUrl(SOURCE), WireImages.pngDataUrl(RED)));
        BufferedImage json = decoded(FamilyWireTests.ok(response));
        assertThat(WireImages.meanAbsDiff(json, edit(adapter, withReferences(RED))))
                .isZero();
    }

    @Test
    void aModelWithoutAnAdapterRefusesReferencesNamingTheImages() {
        JsonNode error = ApiErrors.assertError(
                Wire.postMultipart(plain, "/v1/images/edits", form(withReferences(RED))),
                400,
                "invalid_request_error",
                "invalid_value",
                "image");
        assertThat(error.get("message").asString())
                .contains("cannot use reference images", "image_encoder/model.onnx", "image_embeds");
        ApiErrors.assertError(
                Wire.postJson(plain, "/v1/images/edits", """
                        {"model": "gpt-image-1", "prompt": "a kite",
                         "images": [{"image_url": "%s"}, {"image_url": "%s"}]}""".formatted(
                                WireImages.pngDataUrl(SOURCE), WireImages.pngDataUrl(RED))),
                400,
                "invalid_request_error",
                "invalid_value",
                "images");
    }

    @Test
    void ipAdapterScaleNeedsReferences() {
        ApiErrors.assertError(
                Wire.postMultipart(
                        adapter,
                        "/v1/images/edits",
                        form(new Multipart()
                                .file("image", "in.png", "image/png", SOURCE)
                                .text("ip_adapter_scale", "0.5"))),
                400,
                "invalid_request_error",
                "invalid_value",
                "ip_adapter_scale");
        ApiErrors.assertError(
                Wire.postJson(adapter, "/v1/images/generations", """
                        {"prompt": "a kite", "ip_adapter_scale": 0.5}"""),
                400,
                "invalid_request_error",
                "invalid_value",
                "ip_adapter_scale");
        ApiErrors.assertError(
                Wire.postMultipart(
                        adapter, "/v1/images/edits", form(withReferences(RED).text("ip_adapter_scale", "2.5"))),
                400,
                "invalid_request_error",
                "invalid_value",
                "ip_adapter_scale");
    }

    @Test
    void theResponsesToolEditsWithTheOtherInputImagesAsReferences() {
        JsonNode aloneResponse = responsesEdit(adapter, "");
        JsonNode redResponse = responsesEdit(adapter, reference(RED));
        BufferedImage alone = result(aloneResponse);
        BufferedImage red = result(redResponse);
        BufferedImage blue = result(responsesEdit(adapter, reference(BLUE)));
        assertThat(WireImages.meanAbsDiff(red, alone)).isGreaterThan(1.0);
        assertThat(WireImages.meanAbsDiff(red, blue)).isGreaterThan(1.0);
        assertThat(WireImages.meanAbsDiff(result(responsesEdit(adapter, reference(RED))), red))
                .isZero();
        // The same reference steers the Images API's edit of the same source alike.
        assertThat(WireImages.meanAbsDiff(red, edit(adapter, withReferences(RED))))
                .isZero();
        // The reference is input: 48x80 pixels are 4 image tokens (one per 32x32 patch, rounded up).
        assertThat(redResponse.at("/usage/input_tokens").asInt()
                        - aloneResponse.at("/usage/input_tokens").asInt())
                .isEqualTo(4);
    }

    @Test
    void theResponsesToolOnAModelWithoutAnAdapterRefusesTheReferenceAtItsPlace() {
        JsonNode error = ApiErrors.assertError(
                Wire.postJson(plain, "/v1/responses", responsesBody(reference(RED))),
                400,
                "invalid_request_error",
                "invalid_value",
                "input[0].content[2]");
        assertThat(error.get("message").asString()).contains("cannot use reference images");
    }

    private static JsonNode responsesEdit(TestServer server, String references) {
        return FamilyWireTests.ok(Wire.postJson(server, "/v1/responses", responsesBody(references)));
    }

    private static BufferedImage result(JsonNode response) {
        JsonNode call = response.get("output").get(0);
        assertThat(call.get("action").asString()).isEqualTo("edit");
        return WireImages.assertImage(WireImages.base64(call.get("result").asString()), "png", SIZE, SIZE);
    }

    private static String responsesBody(String references) {
        return """
                {"model": "gpt-4.1",
                 "input": [{"role": "user", "content": [{"type": "input_text", "text": "a red kite"},
                                                        {"type": "input_image", "image_url": "%s"}%s]}],
                 "tools": [{"type": "image_generation", "size": "64x64", "quality": "low", "seed": 5}]}""".formatted(WireImages.pngDataUrl(SOURCE), references);
    }

    private static String reference(byte[] png) {
        return ", {\"type\": \"input_image\", \"image_url\": \"" + WireImages.pngDataUrl(png) + "\"}";
    }

    private static Multipart withReferences(byte[]... references) {
        Multipart form = new Multipart().file("image[]", "in.png", "image/png", SOURCE);
        for (int i = 0; i < references.length; i++) {
            form.file("image[]", "ref" + i + ".png", "image/png", references[i]);
        }
        return form;
    }

    /** The edit request's other fields: same prompt, size, steps and seed every time. */
    private static Multipart form(Multipart images) {
        return images.text("model", "gpt-image-1")
                .text("prompt", "a red kite")
                .text("size", "64x64")
                .text("steps", "2")
                .text("seed", "5");
    }

    private static BufferedImage edit(TestServer server, Multipart images) {
        return decoded(FamilyWireTests.ok(Wire.postMultipart(server, "/v1/images/edits", form(images))));
    }

    private static BufferedImage decoded(JsonNode body) {
        return WireImages.assertImage(
                WireImages.base64(body.at("/data/0/b64_json").asString()), "png", SIZE, SIZE);
    }

    private static BufferedImage solid(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }
}
