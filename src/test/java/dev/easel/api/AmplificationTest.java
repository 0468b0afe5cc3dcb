package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Small requests that would ask for much: one uploaded file named many times in an edit, input
 * images that together decode to too many pixels, a huge prompt. Each is a 400 naming its limit,
 * before anything is decoded or stored.
 */
class AmplificationTest {
    /** Inputs of 64×64 = 4,096 pixels each: two fit the budget (2 × max_image_pixels), three do not. */
    @RegisterExtension
    // With an IP-Adapter, so that an edit's further images are references it takes (not a 400).
    static final TestServer server = TestServer.withModel(
            dev.easel.engine.synth.SyntheticModel.Shape.TINY_IP_ADAPTER, Map.of("max_image_pixels", "4096"));

    /** The defaults (4096×4096 pixels an image), for the issue's own requests. */
    @RegisterExtension
    static final TestServer defaults = TestServer.withDefaults();

    /**
     * What a request cost the process: heap bytes allocated by every thread while it ran, its time,
     * and the data folder's growth.
     */
    private record Cost(long allocated, long millis, long stored) {
        static Cost of(TestServer server, Supplier<HttpResponse<String>> request, int status) throws IOException {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long storedBefore = size(server.dataDir());
            long allocatedBefore = threads.getTotalThreadAllocatedBytes();
            long start = System.nanoTime();
            HttpResponse<String> answer = request.get();
            long millis = (System.nanoTime() - start) / 1_000_000;
            long allocated = threads.getTotalThreadAllocatedBytes() - allocatedBefore;
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
            Cost cost = new Cost(allocated, millis, size(server.dataDir()) - storedBefore);
            System.out.printf(
                    "amplification: %,d bytes allocated, %,d ms, %,d bytes stored%n",
                    cost.allocated, cost.millis, cost.stored);
            return cost;
        }
    }

    /**
     * The heap in use after sending the request {@code times} more times, against after the first
     * (after a full GC each): what the server keeps of such requests.
     */
    private static long heapGrowth(Supplier<HttpResponse<String>> request, int times) {
        request.get();
        long before = usedAfterGc();
        for (int i = 0; i < times; i++) {
            request.get();
        }
        long growth = usedAfterGc() - before;
        System.out.printf("amplification: heap grew %,d bytes over %d more requests%n", growth, times);
        return growth;
    }

    /**
     * The heap in use after full GCs: the least of five readings a tenth of a second apart, since a
     * server thread may still hold a request's buffers for a moment after its answer was sent.
     */
    private static long usedAfterGc() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            least = Math.min(
                    least,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return least;
    }

    /**
     * The 9 KB request: one uploaded 4096×4096 PNG named 200 times in a JSON edit (it
     * filled the heap). Refused before any decode: it allocates less than one decoded copy of the
     * picture would take (64 MiB), keeps nothing and stores nothing.
     */
    @Test
    void theNineKilobyteEditIsRefusedWithoutDecodingAnything() throws IOException {
        byte[] png = WireImages.png(new BufferedImage(4096, 4096, BufferedImage.TYPE_INT_RGB));
        String file = upload(defaults, png);
        String body = edit(file, 200);
        assertThat(body.length()).isLessThan(10_000);
        Supplier<HttpResponse<String>> request = () -> Wire.postJson(defaults, "/v1/images/edits", body);

        Cost cost = Cost.of(defaults, request, 400);
        assertThat(cost.allocated()).as("bytes allocated").isLessThan(64L << 20);
        assertThat(cost.stored()).as("data folder growth").isZero();
        assertThat(heapGrowth(request, 5)).as("heap growth").isLessThan(8L << 20);
    }

    /**
     * The 50 MB Responses input (it grew memory by 3.3 GB and wrote ~1 GB): refused by the
     * text limit. Its body is read and parsed once (about ten times its size allocated, client
     * included, all of it garbage at once); nothing is kept or stored.
     */
    @Test
    void theFiftyMegabyteInputIsRefusedAndKeepsNothing() throws IOException {
        String body = "{\"model\": \"direct\", \"input\": \"" + "a".repeat(50_000_000)
                + "\", \"tools\": [{\"type\": \"image_generation\"}]}";
        Supplier<HttpResponse<String>> request = () -> Wire.postJson(defaults, "/v1/responses", body);

        Cost cost = Cost.of(defaults, request, 400);
        assertThat(cost.allocated()).as("bytes allocated").isLessThan(768L << 20);
        assertThat(cost.stored()).as("data folder growth").isZero();
        assertThat(heapGrowth(request, 3)).as("heap growth").isLessThan(16L << 20);
    }

    private static String upload() {
        return upload(server, WireImages.png(WireImages.noise(64, 64, 3)));
    }

    private static String upload(TestServer to, byte[] png) {
        HttpResponse<String> uploaded = Wire.postMultipart(
                to, "/v1/files", new Multipart().text("purpose", "vision").file("file", "a.png", "image/png", png));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        return Wire.json(uploaded.body()).get("id").asString();
    }

    private static String edit(String file, int times) {
        StringBuilder refs = new StringBuilder();
        for (int i = 0; i < times; i++) {
            refs.append(i == 0 ? "" : ",")
                    .append("{\"file_id\": \"")
                    .append(file)
                    .append("\"}");
        }
        return "{\"prompt\": \"bluer\", \"size\": \"64x64\", \"quality\": \"low\", \"images\": [" + refs + "]}";
    }

    @Test
    void oneFileNamedTwoHundredTimesIsRefusedBeforeAnyDecode() {
        String file = upload();
        String body = edit(file, 200);
        assertThat(body.length()).isLessThan(10_000);

        ApiErrors.assertError(
                Wire.postJson(server, "/v1/images/edits", body),
                400,
                "invalid_request_error",
                "invalid_value",
                "images");
    }

    @Test
    void inputImagesTogetherHaveAPixelBudgetCountedPerReference() {
        String file = upload();
        HttpResponse<String> two = Wire.postJson(server, "/v1/images/edits", edit(file, 2));
        assertThat(two.statusCode()).as(two.body()).isEqualTo(200);

        JsonNode error = ApiErrors.assertError(
                Wire.postJson(server, "/v1/images/edits", edit(file, 3)),
                400,
                "invalid_request_error",
                "image_too_large",
                "images[2]");
        assertThat(error.get("message").asString()).contains("8192 pixels").contains("each reference");
    }

    @Test
    void aMaskLargerThanItsImageIsRefusedFromItsHeader() {
        String file = upload();
        byte[] mask = WireImages.png(new BufferedImage(128, 128, BufferedImage.TYPE_INT_ARGB));
        String maskFile = upload(server, mask);
        ApiErrors.assertError(
                Wire.postJson(
                        server,
                        "/v1/images/edits",
                        "{\"prompt\": \"bluer\", \"size\": \"64x64\", \"images\": [{\"file_id\": \"" + file
                                + "\"}], \"mask\": {\"file_id\": \"" + maskFile + "\"}}"),
                400,
                "invalid_request_error",
                "invalid_value",
                "mask");
    }

    @Test
    void atMost500InputImagesInOneResponsesRequest() {
        String file = upload();
        String part = "{\"type\": \"input_image\", \"file_id\": \"" + file + "\"}";
        String parts = String.join(", ", java.util.Collections.nCopies(501, part));
        JsonNode error = ApiErrors.assertError(
                Wire.postJson(
                        server,
                        "/v1/responses",
                        "{\"model\": \"direct\", \"input\": [{\"role\": \"user\", \"content\": [{\"type\":"
                                + " \"input_text\", \"text\": \"bluer\"}, " + parts + "]}]}"),
                400,
                "invalid_request_error",
                "invalid_value",
                "input");
        assertThat(error.get("message").asString()).contains("501").contains("at most 500");
    }

    @Test
    void aHugePromptIsRefusedAndNothingIsStored() throws IOException {
        long before = size(server.dataDir());
        String text = "a".repeat(2_000_000);
        HttpResponse<String> refused = Wire.postJson(
                server,
                "/v1/responses",
                "{\"model\": \"direct\", \"input\": [{\"role\": \"user\", \"content\": [{\"type\": \"input_text\","
                        + " \"text\": \"" + text + "\"}]}], \"tools\": [{\"type\": \"image_generation\"}]}");

        ApiErrors.assertError(refused, 400, "invalid_request_error", "context_length_exceeded", "input");
        assertThat(refused.body()).contains("1048576");
        assertThat(size(server.dataDir()) - before)
                .as("bytes the data folder grew")
                .isLessThan(256 * 1024);
    }

    @Test
    void aChainOfMoreThanAHundredResponsesIsA400UnlessTruncationIsAuto() {
        String previous = null;
        for (int i = 0; i <= 100; i++) {
            previous = respond("turn " + i, previous, null).get("id").asString();
        }
        JsonNode error = ApiErrors.assertError(
                Wire.postJson(server, "/v1/responses", request("one more", previous, null)),
                400,
                "invalid_request_error",
                "context_length_exceeded",
                "previous_response_id");
        assertThat(error.get("message").asString()).contains("100 responses").contains("truncation");

        assertThat(respond("one more", previous, "auto").get("status").asString())
                .isEqualTo("completed");
    }

    @Test
    void aConversationsTextTogetherHasTheOneRequestLimit() {
        String long1 = "b".repeat(700_000);
        String first = respond(long1, null, null).get("id").asString();
        HttpResponse<String> refused = Wire.postJson(server, "/v1/responses", request(long1, first, null));
        JsonNode error = ApiErrors.assertError(
                refused, 400, "invalid_request_error", "context_length_exceeded", "previous_response_id");
        assertThat(error.get("message").asString()).contains("1048576 characters");

        assertThat(respond(long1, first, "auto").get("status").asString()).isEqualTo("completed");
        ApiErrors.assertError(
                Wire.postJson(server, "/v1/responses", request("x", first, "sometimes")),
                400,
                "invalid_request_error",
                "invalid_value",
                "truncation");
    }

    @Test
    void aLongPromptIsNotRepeatedWholeIntoTheImageAndItsMetadata() {
        String prompt = "a red ball ".repeat(4_000);
        HttpResponse<String> made = Wire.postJson(
                server,
                "/v1/responses",
                "{\"model\": \"direct\", \"input\": \"" + prompt + "\", \"tools\": [{\"type\":"
                        + " \"image_generation\", \"size\": \"64x64\", \"quality\": \"low\"}]}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        JsonNode call = Wire.json(made.body()).get("output").get(0);
        assertThat(call.get("revised_prompt").asString())
                .hasSizeLessThanOrEqualTo(32_000)
                .startsWith("a red ball");

        String file = new String(
                java.util.Base64.getDecoder().decode(call.get("result").asString()),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        int copies = file.split("red ball", -1).length - 1;
        assertThat(copies)
                .as("prompt words in the PNG (parameters text and XMP, 2,000 characters each at most)")
                .isPositive()
                .isLessThanOrEqualTo(2 * (2_000 / "a red ball ".length() + 1));
    }

    private static String request(String text, String previous, String truncation) {
        return "{\"model\": \"gpt-4.1\", \"input\": \"" + text + "\""
                + (previous == null ? "" : ", \"previous_response_id\": \"" + previous + "\"")
                + (truncation == null ? "" : ", \"truncation\": \"" + truncation + "\"") + "}";
    }

    private static JsonNode respond(String text, String previous, String truncation) {
        HttpResponse<String> answer = Wire.postJson(server, "/v1/responses", request(text, previous, truncation));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Wire.json(answer.body());
    }

    @Test
    void atMost128ToolsARequest() {
        String tools = String.join(", ", java.util.Collections.nCopies(129, "{\"type\": \"web_search\"}"));
        ApiErrors.assertError(
                Wire.postJson(
                        server,
                        "/v1/responses",
                        "{\"model\": \"direct\", \"input\": \"hi\", \"tools\": [" + tools + "]}"),
                400,
                "invalid_request_error",
                "invalid_value",
                "tools");
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
