package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Multi-turn editing (spec 2.4): through previous_response_id, an image_generation_call reference,
 * an input_image data URL or file id, and with an inpainting mask. Each edit must start from the
 * right picture: with input_fidelity high it stays closer to its source than to an unrelated one.
 * The demo model serves: its VAE round-trips pictures (the tiny model's scrambles them).
 */
class ResponsesChainTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDemoModel();

    /** The first picture: four flat quadrants, a structure no edit prompt makes on its own. */
    private static final BufferedImage SOURCE = quadrants(Color.RED, Color.BLUE, Color.YELLOW, Color.BLACK);
    /** The same colours mirrored: unrelated to SOURCE pixel by pixel. */
    private static final BufferedImage MIRRORED = quadrants(Color.BLACK, Color.YELLOW, Color.BLUE, Color.RED);

    private static JsonNode first;
    private static BufferedImage firstImage;

    @BeforeAll
    static void editAnUploadedPicture() {
        first = create(editOf("{\"type\": \"input_image\", \"image_url\": \"%s\"}"
                .formatted(WireImages.pngDataUrl(WireImages.png(SOURCE)))));
        firstImage = image(first, "edit");
    }

    @Test
    void inputImageDataUrlIsEdited() {
        assertDerivedFrom(firstImage, SOURCE, MIRRORED);
    }

    @Test
    void previousResponseIdEditsTheEarlierImage() {
        JsonNode second = create("""
                {"model": "gpt-4.1", "input": "now paint the barn blue", "previous_response_id": "%s",
                 "tools": [{"type": "image_generation", "size": "64x64", "input_fidelity": "high"}]}""".formatted(first.get("id").asString()));

        assertThat(second.get("previous_response_id").asString())
                .isEqualTo(first.get("id").asString());
        assertDerivedFrom(image(second, "edit"), firstImage, MIRRORED);
    }

    @Test
    void imageGenerationCallReferenceEditsThatImage() {
        String callId = first.get("output").get(0).get("id").asString();
        JsonNode edited = create("""
                {"model": "gpt-4.1",
                 "input": [{"type": "image_generation_call", "id": "%s"},
                           {"role": "user", "content": "add a weather vane on the roof"}],
                 "tools": [{"type": "image_generation", "size": "64x64", "input_fidelity": "high"}]}""".formatted(callId));

        assertDerivedFrom(image(edited, "edit"), firstImage, MIRRORED);
        JsonNode items =
                Wire.json(Wire.get(server, "/v1/responses/" + edited.get("id").asString() + "/input_items?order=asc")
                        .body());
        assertThat(items.get("data").get(0).get("id").asString())
                .as("the reference, listed as sent")
                .isEqualTo(callId);
    }

    @Test
    void inputImageFileIdIsEdited() {
        BufferedImage source = quadrants(Color.GREEN, Color.WHITE, Color.MAGENTA, Color.DARK_GRAY);
        HttpResponse<String> upload = Wire.postMultipart(
                server,
                "/v1/files",
                new Multipart()
                        .text("purpose", "vision")
                        .file("file", "source.png", "image/png", WireImages.png(source)));
        assertThat(upload.statusCode()).as("upload: %s", upload.body()).isEqualTo(200);
        String fileId = Wire.json(upload.body()).get("id").asString();

        JsonNode edited = create(editOf("{\"type\": \"input_image\", \"file_id\": \"%s\"}".formatted(fileId)));

        assertDerivedFrom(
                image(edited, "edit"), source, quadrants(Color.DARK_GRAY, Color.MAGENTA, Color.WHITE, Color.GREEN));
    }

    @Test
    void unknownPreviousResponseIsA400NamingTheParameter() {
        HttpResponse<String> response = Wire.postJson(server, "/v1/responses", """
                {"model": "gpt-4.1", "input": "again", "previous_response_id": "resp_doesnotexist",
                 "tools": [{"type": "image_generation", "size": "64x64"}]}""");

        JsonNode error = ApiErrors.assertError(
                response, 400, "invalid_request_error", "previous_response_not_found", "previous_response_id");
        assertThat(error.get("message").asString()).contains("resp_doesnotexist");
    }

    @Test
    void maskKeepsEveryPixelAwayFromItsTransparentRectangle() {
        BufferedImage source = WireImages.noise(64, 64, 7);
        JsonNode edited = create("""
                {"model": "gpt-4.1",
                 "input": [{"role": "user", "content": [{"type": "input_text", "text": "a window in the wall"},
                                                        {"type": "input_image", "image_url": "%s"}]}],
                 "tools": [{"type": "image_generation", "size": "64x64", "input_image_mask": {"image_url": "%s"}}]}""".formatted(
                        WireImages.pngDataUrl(WireImages.png(source)),
                        WireImages.pngDataUrl(WireImages.png(WireImages.maskWithHole(64, 64, 24, 24, 40, 40)))));

        BufferedImage result = image(edited, "edit");
        int kept = 0;
        int changedInside = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int dx = Math.max(0, Math.max(24 - x, x - 39));
                int dy = Math.max(0, Math.max(24 - y, y - 39));
                if (dx * dx + dy * dy > 12 * 12) {
                    assertThat(result.getRGB(x, y) & 0xFFFFFF)
                            .as("pixel (%d,%d), far outside the hole", x, y)
                            .isEqualTo(source.getRGB(x, y) & 0xFFFFFF);
                    kept++;
                } else if (dx == 0 && dy == 0 && (result.getRGB(x, y) & 0xFFFFFF) != (source.getRGB(x, y) & 0xFFFFFF)) {
                    changedInside++;
                }
            }
        }
        assertThat(kept).as("pixels checked").isGreaterThan(64 * 64 / 2);
        assertThat(changedInside).as("pixels repainted inside the hole").isGreaterThan(16 * 16 / 2);
    }

    /** A request that edits the picture named by {@code imagePart} with input_fidelity high. */
    private static String editOf(String imagePart) {
        return """
                {"model": "gpt-4.1",
                 "input": [{"role": "user", "content": [{"type": "input_text", "text": "make it look like an oil painting"},
                                                        %s]}],
                 "tools": [{"type": "image_generation", "size": "64x64", "input_fidelity": "high"}]}""".formatted(imagePart);
    }

    private static void assertDerivedFrom(BufferedImage edited, BufferedImage source, BufferedImage unrelated) {
        double toSource = WireImages.meanAbsDiff(edited, source);
        double toUnrelated = WireImages.meanAbsDiff(edited, unrelated);
        assertThat(toSource)
                .as("mean abs diff to the source (to an unrelated picture: %.1f)", toUnrelated)
                .isLessThan(toUnrelated);
    }

    private static JsonNode create(String json) {
        HttpResponse<String> response = Wire.postJson(server, "/v1/responses", json);
        ApiErrors.assertWellBehaved(response);
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
        JsonNode body = Wire.json(response.body());
        assertThat(body.get("status").asString())
                .as("status of %s", body.get("id"))
                .isEqualTo("completed");
        return body;
    }

    /** The response's image: output[0], an image_generation_call with this action, a 64x64 PNG. */
    private static BufferedImage image(JsonNode response, String action) {
        JsonNode call = response.get("output").get(0);
        assertThat(call.get("type").asString()).isEqualTo("image_generation_call");
        assertThat(call.get("status").asString()).isEqualTo("completed");
        assertThat(call.get("action").asString()).as("action").isEqualTo(action);
        assertThat(call.get("size").asString()).isEqualTo("64x64");
        return WireImages.assertImage(WireImages.base64(call.get("result").asString()), "png", 64, 64);
    }

    /** Four flat 32x32 quadrants: top-left, top-right, bottom-left, bottom-right. */
    private static BufferedImage quadrants(Color a, Color b, Color c, Color d) {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        Color[] colors = {a, b, c, d};
        for (int i = 0; i < 4; i++) {
            g.setColor(colors[i]);
            g.fillRect(i % 2 * 32, i / 2 * 32, 32, 32);
        }
        g.dispose();
        return image;
    }
}
