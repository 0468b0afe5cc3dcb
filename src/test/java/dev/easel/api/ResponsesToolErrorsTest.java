package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseError;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.Tool;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The image_generation tool's errors. Settings that cannot be served are refused when the
 * response is created, with the Images API's status and code for the same mistake, at
 * {@code tools[0].<field>}; a call that fails while it runs (here: the engine queue is full) ends
 * as a failed image_generation_call carrying its {@code error}, then an {@code error} event and
 * {@code response.failed} with the same code.
 */
class ResponsesToolErrorsTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    /** One worker and one queue slot, so two slow image streams fill the engine. */
    @RegisterExtension
    static final TestServer busy = TestServer.with(Map.of("queue_size", "1", "workers", "1"));

    private static final String SLOW_STREAM = """
            {"model": "gpt-image-1", "prompt": "a slow one", "size": "2048x2048", "steps": 150, "stream": true}""";

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aSizeTheModelCannotMakeIsA400AtCreateLikeTheImagesApi(boolean stream) {
        JsonNode images = ApiErrors.assertError(
                Wire.postJson(server, "/v1/images/generations", "{\"prompt\": \"a fox\", \"size\": \"3x3\"}"),
                400,
                "invalid_request_error",
                "invalid_value",
                "size");

        JsonNode error = ApiErrors.assertError(
                Wire.postJson(server, "/v1/responses", body(stream, "\"size\": \"3x3\"")),
                400,
                "invalid_request_error",
                "invalid_value",
                "tools[0].size");

        assertThat(error.get("message").asString())
                .isEqualTo(images.get("message").asString());
        assertThat(error.get("message").asString())
                .isEqualTo("Invalid 'size': 3x3 is not available for model 'tiny'; sides must be multiples of 8"
                        + " from 64 to 2048.");
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void anUnknownModelIsA404AtCreateLikeTheImagesApi(boolean stream) {
        JsonNode images = ApiErrors.assertError(
                Wire.postJson(
                        server, "/v1/images/generations", "{\"prompt\": \"a fox\", \"model\": \"no-such-model\"}"),
                404,
                "invalid_request_error",
                "model_not_found",
                "model");

        JsonNode error = ApiErrors.assertError(
                Wire.postJson(server, "/v1/responses", body(stream, "\"model\": \"no-such-model\"")),
                404,
                "invalid_request_error",
                "model_not_found",
                "tools[0].model");

        assertThat(error.get("message").asString())
                .isEqualTo(images.get("message").asString());
    }

    @Test
    void aMaskOfAnotherSizeThanTheImageIsA400AtCreate() {
        String request = """
                {"model": "gpt-4.1",
                 "input": [{"role": "user", "content": [{"type": "input_text", "text": "a window in the wall"},
                                                        {"type": "input_image", "image_url": "%s"}]}],
                 "tools": [{"type": "image_generation", "size": "64x64", "input_image_mask": {"image_url": "%s"}}]}""".formatted(
                        WireImages.pngDataUrl(WireImages.png(WireImages.noise(64, 64, 7))),
                        WireImages.pngDataUrl(WireImages.png(WireImages.maskWithHole(32, 32, 8, 8, 16, 16))));
        JsonNode error = ApiErrors.assertError(
                Wire.postJson(server, "/v1/responses", request),
                400,
                "invalid_request_error",
                "invalid_value",
                "tools[0].input_image_mask");
        assertThat(error.get("message").asString()).isEqualTo("The mask is 32x32 but the image to edit is 64x64.");
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void anEditWithNoImageInTheConversationIsA400AtCreate(boolean stream) {
        JsonNode error = ApiErrors.assertError(
                Wire.postJson(server, "/v1/responses", body(stream, "\"action\": \"edit\"")),
                400,
                "invalid_request_error",
                "invalid_value",
                "tools[0].action");

        assertThat(error.get("message").asString())
                .isEqualTo("The image_generation tool's action is 'edit' but the conversation holds no image to edit.");
    }

    /**
     * The engine queue is full when the call submits its image: the stream shows the call failed
     * with its error, then the error event and response.failed, all with code rate_limit_exceeded;
     * the stored response has the failed item.
     */
    @Test
    void aCallThatFailsEndsAsAFailedItemWithItsErrorThenTheResponseFails() throws Exception {
        try (Busy ignored = fillTheEngine()) {
            ResponseStream stream = ResponseStream.post(busy, body(true, "\"size\": \"64x64\""));

            assertThat(stream.types())
                    .containsExactly(
                            "response.created",
                            "response.in_progress",
                            "response.output_item.added",
                            "response.image_generation_call.in_progress",
                            "response.image_generation_call.generating",
                            "response.output_item.done",
                            "error",
                            "response.failed");
            stream.assertConsecutiveFrom(0);
            JsonNode item = stream.event(5).get("item");
            String callId = stream.event(2).get("item").get("id").asString();
            assertThat(item.get("id").asString()).isEqualTo(callId);
            assertThat(item.get("type").asString()).isEqualTo("image_generation_call");
            assertThat(item.get("status").asString()).isEqualTo("failed");
            assertThat(item.get("result").isNull()).isTrue();
            JsonNode itemError = item.get("error");
            assertThat(Set.copyOf(itemError.propertyNames())).isEqualTo(Set.of("message", "type", "param", "code"));
            assertThat(itemError.get("code").asString()).isEqualTo("rate_limit_exceeded");
            assertThat(itemError.get("type").asString()).isEqualTo("requests");
            assertThat(itemError.get("param").isNull()).isTrue();
            assertThat(itemError.get("message").asString()).startsWith("the image queue is full");
            JsonNode errorEvent = stream.event(6);
            assertThat(errorEvent.get("error").get("code").asString()).isEqualTo("rate_limit_exceeded");
            assertThat(errorEvent.get("code").asString()).isEqualTo("rate_limit_exceeded");
            assertThat(errorEvent.get("message").asString())
                    .isEqualTo(itemError.get("message").asString());
            JsonNode failed = stream.finalResponse();
            assertThat(failed.get("status").asString()).isEqualTo("failed");
            assertThat(failed.get("error").get("code").asString())
                    .isEqualTo(errorEvent.get("code").asString());
            assertThat(failed.get("error").get("message").asString())
                    .isEqualTo(itemError.get("message").asString());
            assertThat(failed.get("output").size()).isEqualTo(1);
            assertThat(failed.get("output").get(0)).isEqualTo(item);
            assertThat(Wire.json(
                            Wire.get(busy, "/v1/responses/" + failed.get("id").asString())
                                    .body()))
                    .isEqualTo(failed);
        }
    }

    /** The same through openai-java with validation: the failed item and its error pass. */
    @Test
    void aFailedCallValidatesInTheSdk() throws Exception {
        try (Busy ignored = fillTheEngine()) {
            OpenAIClient client = OpenAiClients.strict(busy);
            try {
                Response response = client.responses()
                        .create(ResponseCreateParams.builder()
                                .model("gpt-4.1")
                                .input("a fox")
                                .addTool(Tool.ImageGeneration.builder()
                                        .size("64x64")
                                        .build())
                                .build());
                assertThat(response.status()).hasValue(ResponseStatus.FAILED);
                assertThat(response.error().orElseThrow().code()).isEqualTo(ResponseError.Code.RATE_LIMIT_EXCEEDED);
                ResponseOutputItem.ImageGenerationCall call =
                        response.output().getFirst().asImageGenerationCall();
                assertThat(call.status()).isEqualTo(ResponseOutputItem.ImageGenerationCall.Status.FAILED);
                assertThat(call.result()).isEmpty();
                assertThat(call.error().orElseThrow().code()).hasValue("rate_limit_exceeded");
                assertThat(call.error().orElseThrow().type()).isEqualTo("requests");
            } finally {
                client.close();
            }
        }
    }

    private static String body(boolean stream, String toolFields) {
        return "{\"model\": \"gpt-4.1\", \"input\": \"a fox\"" + (stream ? ", \"stream\": true" : "")
                + ", \"tools\": [{\"type\": \"image_generation\", " + toolFields + "}]}";
    }

    /** Two slow image streams hold the one worker and the one queue slot until closed (which cancels them). */
    private record Busy(List<HttpResponse<InputStream>> streams) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            for (HttpResponse<InputStream> s : streams) {
                s.body().close();
            }
        }
    }

    private static Busy fillTheEngine() throws InterruptedException {
        awaitIdleEngine();
        List<CompletableFuture<HttpResponse<InputStream>>> slow = List.of(slowStream(), slowStream());
        Busy busyEngine = new Busy(slow.stream().map(CompletableFuture::join).toList());
        assertThat(busyEngine.streams()).extracting(HttpResponse::statusCode).containsExactly(200, 200);
        return busyEngine;
    }

    /** Waits until the busy server's engine runs and queues nothing (cancelled jobs stop at their next step). */
    private static void awaitIdleEngine() throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (true) {
            List<String> gauges = Wire.get(busy, "/metrics")
                    .body()
                    .lines()
                    .filter(l -> l.startsWith("easel_queue_running ") || l.startsWith("easel_queue_depth "))
                    .toList();
            assertThat(gauges).hasSize(2);
            if (gauges.stream().allMatch(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)) == 0)) {
                return;
            }
            assertThat(System.nanoTime()).as("engine still busy: %s", gauges).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static CompletableFuture<HttpResponse<InputStream>> slowStream() {
        return Wire.HTTP.sendAsync(
                HttpRequest.newBuilder(busy.uri("/v1/images/generations"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(SLOW_STREAM))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }
}
