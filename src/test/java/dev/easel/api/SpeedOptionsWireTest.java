package dev.easel.api;

import static dev.easel.api.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The Images API's speed options (Easel extensions) through the wire: off unless asked, reported
 * in {@code usage.easel_engine} when asked, refused with OpenAI's error object when wrong; a masked
 * edit with {@code inpaint_area: around_mask} keeps every pixel outside the mask.
 */
class SpeedOptionsWireTest {
    private static final int SIZE = 512;

    /** The demo model: its VAE round-trips pictures, it has no TAESD decoder, and it makes 512² quickly. */
    @RegisterExtension
    static final TestServer server = TestServer.withDemoModel();

    @Test
    void aDefaultRequestHasNoEngineReport() {
        JsonNode body = ok(generate(""));
        assertThat(body.at("/usage").isObject()).as(body.toString()).isTrue();
        assertThat(body.at("/usage").has("easel_engine")).isFalse();
    }

    @Test
    void int8AndTheGuidanceIntervalAreReportedWhenAsked() {
        JsonNode engine = ok(generate(
                        ", \"unet_precision\": \"int8\", \"guidance_scale\": 5, \"guidance_interval\": 0.5"))
                .at("/usage/easel_engine");
        assertThat(engine.get("unet_precision").asString()).isEqualTo("int8");
        assertThat(engine.get("final_decoder").asString()).isEqualTo("vae");
        assertThat(engine.get("guidance_interval").asDouble()).isEqualTo(0.5);
        // 4 steps, the middle half guided.
        assertThat(engine.get("guided_steps").asInt()).isBetween(1, 3);
        assertThat(engine.get("inpaint_area").asString()).isEqualTo("whole_picture");
    }

    @Test
    void taesdOnAModelWithoutOneIsA400NamingTheField() {
        assertError(
                generate(", \"final_decoder\": \"taesd\""),
                400,
                "invalid_request_error",
                "invalid_value",
                "final_decoder");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "unet_precision|\"int4\"",
                "final_decoder|\"jpeg\"",
                "guidance_interval|0",
                "guidance_interval|1.5",
                "inpaint_area|\"everywhere\"",
            })
    void badValuesAre400sNamingTheField(String field, String json) {
        HttpResponse<String> response = generate(", \"" + field + "\": " + json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = Wire.json(response.body()).get("error");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asString()).isEqualTo(field);
    }

    @Test
    void aroundTheMaskKeepsEveryPixelOutsideItAndSaysSo() {
        BufferedImage source = WireImages.noise(SIZE, SIZE, 21);
        // Transparent = may change: a 64×64 hole, a small share of the picture, so a crop pays.
        byte[] mask = WireImages.png(WireImages.maskWithHole(SIZE, SIZE, 320, 96, 384, 160));
        JsonNode body = ok(Wire.postMultipart(
                server,
                "/v1/images/edits",
                new Multipart()
                        .file("image", "in.png", "image/png", WireImages.png(source))
                        .file("mask", "mask.png", "image/png", mask)
                        .text("model", "gpt-image-1")
                        .text("prompt", "a red kite")
                        .text("input_fidelity", "high")
                        .text("steps", "4")
                        .text("seed", "3")
                        .text("inpaint_area", "around_mask")));
        assertThat(body.at("/usage/easel_engine/inpaint_area").asString()).isEqualTo("around_mask");
        BufferedImage edited = WireImages.assertImage(
                WireImages.base64(body.at("/data/0/b64_json").asString()), "png", SIZE, SIZE);
        int margin = 16; // the mask's feather
        int changedInside = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean inside = x >= 320 && x < 384 && y >= 96 && y < 160;
                boolean near = x >= 320 - margin && x < 384 + margin && y >= 96 - margin && y < 160 + margin;
                int a = source.getRGB(x, y) & 0xFFFFFF;
                int b = edited.getRGB(x, y) & 0xFFFFFF;
                if (!near) {
                    assertThat(b).as("pixel (%d, %d) outside the mask", x, y).isEqualTo(a);
                } else if (inside && a != b) {
                    changedInside++;
                }
            }
        }
        assertThat(changedInside).as("pixels the edit changed inside the mask").isGreaterThan(64 * 64 / 2);
    }

    private static HttpResponse<String> generate(String extra) {
        return Wire.postJson(
                server,
                "/v1/images/generations",
                "{\"model\": \"gpt-image-1\", \"prompt\": \"a kite\", \"size\": \"256x256\", \"steps\": 4, \"seed\": 7"
                        + extra + "}");
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Wire.json(response.body());
    }
}
