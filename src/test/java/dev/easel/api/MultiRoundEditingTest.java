package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.Tool;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Multi-round editing end to end: a five-round masked conversation through the official SDK keeps
 * every never-masked pixel; the caches are used and counted; every way of naming the image edits
 * the same picture identically; edits of one response branch and the tree shows the branches.
 */
class MultiRoundEditingTest {
    private static final int SIZE = 128;
    private static final int MARGIN = 12;

    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static OpenAIClient client;

    @BeforeAll
    static void connect() {
        client = OpenAiClients.plain(server);
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void fiveRoundsThroughTheSdkKeepEveryNeverMaskedPixel() {
        Response round0 =
                client.responses().create(params("a harbour at dusk", 1).build());
        BufferedImage first = image(round0);
        int[][] holes = {{0, 0, 40, 40}, {88, 0, 128, 40}, {0, 88, 40, 128}, {88, 88, 128, 128}};
        List<int[]> masked = new ArrayList<>();
        double hitsBefore = metric("easel_cache_hits_total{cache=\"latents\"}");
        Response previous = round0;
        for (int round = 1; round <= 4; round++) {
            int[] h = holes[round - 1];
            masked.add(h);
            String mask = "data:image/png;base64,"
                    + Base64.getEncoder()
                            .encodeToString(
                                    WireImages.png(WireImages.maskWithHole(SIZE, SIZE, h[0], h[1], h[2], h[3])));
            Response next = client.responses()
                    .create(ResponseCreateParams.builder()
                            .model("gpt-4.1")
                            .input("round " + round + ": add a boat")
                            .previousResponseId(previous.id())
                            .addTool(Tool.ImageGeneration.builder()
                                    .inputImageMask(Tool.ImageGeneration.InputImageMask.builder()
                                            .imageUrl(mask)
                                            .build())
                                    .putAdditionalProperty("seed", JsonValue.from(100 + round))
                                    .build())
                            .build());
            ResponseOutputItem.ImageGenerationCall call =
                    next.output().getFirst().asImageGenerationCall();
            assertThat(call.action().orElseThrow().asString()).isEqualTo("edit");
            BufferedImage now = image(next);
            assertThat(now.getWidth()).isEqualTo(SIZE);
            assertKeptOutside(now, first, masked);
            assertThat(next.usage().orElseThrow().inputTokensDetails().cachedTokens())
                    .isPositive();
            previous = next;
        }
        assertThat(metric("easel_cache_hits_total{cache=\"latents\"}") - hitsBefore)
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void byIdByFileAndByChainTheSameSeedGivesTheSamePicture() {
        JsonNode base = create("{\"model\":\"gpt-4.1\",\"input\":\"a red barn\",\"tools\":[" + tool(3) + "]}");
        String igId = base.at("/output/0/id").asString();
        byte[] png = Base64.getDecoder().decode(base.at("/output/0/result").asString());

        JsonNode byChain = create("{\"model\":\"gpt-4.1\",\"input\":\"make it blue\",\"previous_response_id\":\""
                + base.get("id").asString() + "\",\"tools\":[" + tool(9) + "]}");
        JsonNode byId = create("{\"model\":\"gpt-4.1\",\"input\":[{\"type\":\"image_generation_call\",\"id\":\"" + igId
                + "\"},{\"role\":\"user\",\"content\":\"make it blue\"}],\"tools\":[" + tool(9) + "]}");
        HttpResponse<String> upload = Wire.postMultipart(
                server,
                "/v1/files",
                new Multipart().text("purpose", "vision").file("file", "barn.png", "image/png", png));
        assertThat(upload.statusCode()).isEqualTo(200);
        String fileId = Wire.json(upload.body()).get("id").asString();
        JsonNode byFile =
                create("{\"model\":\"gpt-4.1\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\","
                        + "\"file_id\":\"" + fileId
                        + "\"},{\"type\":\"input_text\",\"text\":\"make it blue\"}]}],\"tools\":[" + tool(9) + "]}");

        String expected = pixels(byChain);
        assertThat(byChain.at("/output/0/action").asString()).isEqualTo("edit");
        assertThat(pixels(byId)).isEqualTo(expected);
        assertThat(pixels(byFile)).isEqualTo(expected);
        assertThat(byFile.at("/usage/input_tokens_details/cached_tokens").asInt())
                .isPositive();
    }

    @Test
    void twoEditsOfOneResponseAreTwoBranchesOfOneTree() {
        JsonNode root = create("{\"model\":\"gpt-4.1\",\"input\":\"a cabin\",\"tools\":[" + tool(5) + "]}");
        String rootId = root.get("id").asString();
        JsonNode left = create("{\"model\":\"gpt-4.1\",\"input\":\"in winter\",\"previous_response_id\":\"" + rootId
                + "\",\"tools\":[" + tool(6) + "]}");
        JsonNode right = create("{\"model\":\"gpt-4.1\",\"input\":\"in summer\",\"previous_response_id\":\"" + rootId
                + "\",\"tools\":[" + tool(7) + "]}");
        JsonNode leaf = create("{\"model\":\"gpt-4.1\",\"input\":\"at night\",\"previous_response_id\":\""
                + left.get("id").asString() + "\",\"tools\":[" + tool(8) + "]}");

        HttpResponse<String> tree =
                Wire.get(server, "/v1/responses/" + leaf.get("id").asString() + "/tree");
        assertThat(tree.statusCode()).isEqualTo(200);
        JsonNode body = Wire.json(tree.body());
        assertThat(body.get("object").asString()).isEqualTo("easel.response_tree");
        assertThat(body.get("root").asString()).isEqualTo(rootId);
        JsonNode nodes = body.get("nodes");
        assertThat(nodes.size()).isEqualTo(4);
        assertThat(nodes.get(0).get("id").asString()).isEqualTo(rootId);
        assertThat(List.of(
                        nodes.get(0).get("children").get(0).asString(),
                        nodes.get(0).get("children").get(1).asString()))
                .containsExactlyInAnyOrder(
                        left.get("id").asString(), right.get("id").asString());
        assertThat(nodes.get(0).get("image_generation_call_ids").get(0).asString())
                .isEqualTo(root.at("/output/0/id").asString());
        for (JsonNode branch : List.of(left, right)) {
            HttpResponse<String> got =
                    Wire.get(server, "/v1/responses/" + branch.get("id").asString());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(Wire.json(got.body()).get("previous_response_id").asString())
                    .isEqualTo(rootId);
        }
    }

    private static String tool(long seed) {
        return "{\"type\":\"image_generation\",\"size\":\"" + SIZE + "x" + SIZE + "\",\"seed\":" + seed + "}";
    }

    private static ResponseCreateParams.Builder params(String prompt, long seed) {
        return ResponseCreateParams.builder()
                .model("gpt-4.1")
                .input(prompt)
                .addTool(Tool.ImageGeneration.builder()
                        .size(SIZE + "x" + SIZE)
                        .putAdditionalProperty("seed", JsonValue.from(seed))
                        .build());
    }

    private static JsonNode create(String json) {
        HttpResponse<String> response = Wire.postJson(server, "/v1/responses", json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Wire.json(response.body());
        assertThat(body.get("status").asString()).as(response.body()).isEqualTo("completed");
        return body;
    }

    /** The decoded pixels of a response's image, as a comparable string of ARGB values. */
    private static String pixels(JsonNode response) {
        BufferedImage image = WireImages.decode(
                Base64.getDecoder().decode(response.at("/output/0/result").asString()));
        return java.util.Arrays.toString(
                image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()));
    }

    private static BufferedImage image(Response response) {
        String b64 =
                response.output().getFirst().asImageGenerationCall().result().orElseThrow();
        return WireImages.decode(Base64.getDecoder().decode(b64));
    }

    private static void assertKeptOutside(BufferedImage now, BufferedImage first, List<int[]> holes) {
        int checked = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if (near(holes, x, y)) {
                    continue;
                }
                checked++;
                if (now.getRGB(x, y) != first.getRGB(x, y)) {
                    throw new AssertionError("pixel (" + x + "," + y + ") changed after " + holes.size() + " rounds");
                }
            }
        }
        assertThat(checked).isGreaterThan(SIZE * SIZE / 5);
    }

    private static boolean near(List<int[]> holes, int x, int y) {
        for (int[] h : holes) {
            if (x >= h[0] - MARGIN && x < h[2] + MARGIN && y >= h[1] - MARGIN && y < h[3] + MARGIN) {
                return true;
            }
        }
        return false;
    }

    private static double metric(String name) {
        String text = Wire.get(server, "/metrics").body();
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(text);
        assertThat(m.find()).as("metric %s in /metrics", name).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
