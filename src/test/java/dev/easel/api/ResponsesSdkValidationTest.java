package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.SseException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseError;
import com.openai.models.responses.ResponseItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import com.openai.models.responses.Tool;
import dev.easel.tools.planner.ScriptedChatServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Java SDK with {@code responseValidation(true)}: every Response, stream event and
 * input item Easel sends must be one the SDK's types accept strictly (required fields present,
 * enum fields with known values), through create, createStreaming (read to its end), retrieve,
 * retrieveStreaming, cancel and inputItems, for plain generations, planner messages, edits,
 * failures and cancels.
 */
class ResponsesSdkValidationTest {
    private static final String PROMPT = "a lighthouse at dusk";

    static final ScriptedChatServer planner = startPlanner();

    /** No planner: OpenAI model names run in direct mode, as code written for OpenAI sends them. */
    @RegisterExtension
    static final TestServer plain = TestServer.withDefaults();

    @RegisterExtension
    static final TestServer planned = TestServer.withEnv(
            Map.of("EASEL_PLANNER_URL", planner.baseUrl().toString(), "EASEL_PLANNER_MODEL", "test-model"));

    private static OpenAIClient client;
    private static OpenAIClient plannedClient;

    @BeforeAll
    static void connect() {
        client = client(plain);
        plannedClient = client(planned);
    }

    @AfterAll
    static void disconnect() {
        client.close();
        plannedClient.close();
        planner.close();
    }

    @BeforeEach
    void resetPlanner() {
        planner.reset();
    }

    /** The sizes of the SDK's ImageGenerationCall.Size enum. */
    @ParameterizedTest
    @ValueSource(strings = {"1024x1024", "1024x1536", "1536x1024"})
    void generationAtEachSdkSizeValidates(String size) {
        Response response = client.responses().create(request(size, 0).build());

        assertThat(response.status()).hasValue(ResponseStatus.COMPLETED);
        ResponseOutputItem.ImageGenerationCall call = response.output().get(0).asImageGenerationCall();
        assertThat(call.size().orElseThrow().known().toString()).isEqualTo(sizeConstant(size));
        assertThat(call.status()).isEqualTo(ResponseOutputItem.ImageGenerationCall.Status.COMPLETED);
        String[] wh = size.split("x");
        WireImages.assertImage(
                WireImages.base64(call.result().orElseThrow()),
                "png",
                Integer.parseInt(wh[0]),
                Integer.parseInt(wh[1]));
        assertThat(response.output().get(1).asMessage().status())
                .isEqualTo(com.openai.models.responses.ResponseOutputMessage.Status.COMPLETED);
        assertThat(client.responses().retrieve(response.id())).isEqualTo(response);
        List<ResponseItem> items =
                client.responses().inputItems().list(response.id()).data();
        assertThat(items).hasSize(1);
        assertThat(items.getFirst()
                        .asResponseInputMessageItem()
                        .content()
                        .getFirst()
                        .asInputText()
                        .text())
                .isEqualTo(PROMPT);
    }

    /**
     * Sizes outside the SDK's enum still pass: the SDK reads an unknown size as an unknown enum
     * value and its validate() does not check that field.
     */
    @Test
    void generationAtASizeOutsideTheSdkEnumStillValidates() {
        Response response = client.responses().create(request("64x64", 1).build());

        ResponseOutputItem.ImageGenerationCall call = response.output().get(0).asImageGenerationCall();
        assertThat(call.size().orElseThrow().value())
                .isEqualTo(ResponseOutputItem.ImageGenerationCall.Size.Value._UNKNOWN);
        assertThat(call.size().orElseThrow().asString()).isEqualTo("64x64");
        assertThat(client.responses().retrieve(response.id())).isEqualTo(response);
        List<ResponseStreamEvent> events = stream(client, request("64x64", 1));
        assertThat(events.getLast().isCompleted()).isTrue();
    }

    @Test
    void usageHasEveryDetailField() {
        Response response = client.responses().create(request("1024x1024", 0).build());

        ResponseUsage usage = response.usage().orElseThrow();
        assertThat(usage.inputTokens()).isZero();
        assertThat(usage.inputTokensDetails().cachedTokens()).isZero();
        assertThat(usage.inputTokensDetails().cacheWriteTokens()).isZero();
        assertThat(usage.outputTokens()).isEqualTo(1024); // 1024x1024 is 32x32 patches of 32x32 pixels
        assertThat(usage.outputTokensDetails().reasoningTokens()).isZero();
        assertThat(usage.totalTokens()).isEqualTo(1024);
    }

    @Test
    void streamedGenerationValidatesToTheEndAndMatchesRetrieve() {
        List<ResponseStreamEvent> events = stream(client, request("1024x1024", 2));

        assertThat(events).extracting(ResponsesSdkValidationTest::type).containsExactly(SEQUENCE_WITH_TWO_PARTIALS);
        assertThat(events.get(5).asImageGenerationCallPartialImage().size()).isPresent();
        Response completed = events.getLast().asCompleted().response();
        assertThat(completed.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(client.responses().retrieve(completed.id())).isEqualTo(completed);
        assertThat(client.responses().inputItems().list(completed.id()).data()).hasSize(1);
    }

    /** A background + stream response is stored with its events; retrieveStreaming replays every one. */
    @Test
    void backgroundStreamReplaysThroughRetrieveStreaming() {
        List<ResponseStreamEvent> live = stream(client, request("1024x1024", 1).background(true));

        assertThat(type(live.get(0))).isEqualTo("response.created");
        assertThat(type(live.get(1))).isEqualTo("response.queued");
        assertThat(live.get(0).asCreated().response().status()).hasValue(ResponseStatus.QUEUED);
        Response completed = live.getLast().asCompleted().response();
        List<ResponseStreamEvent> replay = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> s = client.responses().retrieveStreaming(completed.id())) {
            s.stream().forEach(replay::add);
        }
        assertThat(replay).isEqualTo(live);
        assertThat(client.responses().retrieve(completed.id())).isEqualTo(completed);
    }

    @Test
    void plannerMessageValidates() {
        planner.enqueue(
                ScriptedChatServer.toolCall("image_generation", "{\"prompt\":\"a red lighthouse\"}"),
                ScriptedChatServer.text("Here is your lighthouse."),
                ScriptedChatServer.toolCall("image_generation", "{\"prompt\":\"a red lighthouse\"}"),
                ScriptedChatServer.text("Here is your lighthouse."));

        Response response =
                plannedClient.responses().create(request("1024x1024", 0).build());
        List<ResponseStreamEvent> events = stream(plannedClient, request("1024x1024", 0));

        assertThat(response.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(response.output().get(0).asImageGenerationCall().revisedPrompt())
                .hasValue("a red lighthouse");
        assertThat(response.output()
                        .get(1)
                        .asMessage()
                        .content()
                        .getFirst()
                        .asOutputText()
                        .text())
                .isEqualTo("Here is your lighthouse.");
        ResponseUsage usage = response.usage().orElseThrow();
        assertThat(usage.inputTokens()).isEqualTo(32);
        assertThat(usage.outputTokens()).isEqualTo(9 + 5 + 1024);
        assertThat(plannedClient.responses().retrieve(response.id())).isEqualTo(response);
        assertThat(events).extracting(ResponsesSdkValidationTest::type).contains("response.output_text.delta");
        Response streamed = events.getLast().asCompleted().response();
        assertThat(streamed.output()
                        .get(1)
                        .asMessage()
                        .content()
                        .getFirst()
                        .asOutputText()
                        .text())
                .isEqualTo("Here is your lighthouse.");
        assertThat(plannedClient.responses().retrieve(streamed.id())).isEqualTo(streamed);
    }

    @Test
    void editThroughPreviousResponseIdValidates() {
        Response first = client.responses().create(request("1024x1024", 0).build());

        Response edit = client.responses()
                .create(request("1024x1024", 0)
                        .input("now at night")
                        .previousResponseId(first.id())
                        .build());
        List<ResponseStreamEvent> events =
                stream(client, request("1024x1024", 1).input("now in fog").previousResponseId(first.id()));

        assertThat(edit.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(edit.previousResponseId()).hasValue(first.id());
        ResponseOutputItem.ImageGenerationCall call = edit.output().get(0).asImageGenerationCall();
        assertThat(call.action().orElseThrow().known())
                .isEqualTo(ResponseOutputItem.ImageGenerationCall.Action.Known.EDIT);
        assertThat(edit.usage().orElseThrow().inputTokens())
                .as("the source image")
                .isEqualTo(1024);
        assertThat(client.responses().retrieve(edit.id())).isEqualTo(edit);
        assertThat(client.responses().inputItems().list(edit.id()).data()).hasSize(1);
        Response streamed = events.getLast().asCompleted().response();
        assertThat(streamed.output()
                        .get(0)
                        .asImageGenerationCall()
                        .action()
                        .orElseThrow()
                        .known())
                .isEqualTo(ResponseOutputItem.ImageGenerationCall.Action.Known.EDIT);
    }

    /**
     * A failed run: the Response validates (create, retrieve). Its stream's {@code error} event has
     * OpenAI's nested {@code error} object, which the SDK turns into an SseException (as it does
     * against OpenAI) carrying the same code as the stored response's error.
     */
    @Test
    void failedRunValidates() {
        planner.enqueue(
                ScriptedChatServer.status(500, "{\"error\":{\"message\":\"upstream broke\"}}"),
                ScriptedChatServer.status(500, "{\"error\":{\"message\":\"upstream broke\"}}"));

        Response failed =
                plannedClient.responses().create(request("1024x1024", 0).build());
        List<ResponseStreamEvent> events = new ArrayList<>();
        SseException thrown = catchThrowableOfType(SseException.class, () -> {
            try (StreamResponse<ResponseStreamEvent> s = plannedClient
                    .responses()
                    .createStreaming(request("1024x1024", 0).build())) {
                s.stream().forEach(events::add);
            }
        });

        assertThat(failed.status()).hasValue(ResponseStatus.FAILED);
        ResponseError error = failed.error().orElseThrow();
        assertThat(error.code()).isEqualTo(ResponseError.Code.SERVER_ERROR);
        assertThat(error.message())
                .isEqualTo("The planner failed: the planner at the planner endpoint answered HTTP 500: upstream broke");
        assertThat(failed.completedAt()).isEmpty();
        assertThat(failed.output()).isEmpty();
        assertThat(plannedClient.responses().retrieve(failed.id())).isEqualTo(failed);
        assertThat(events)
                .extracting(ResponsesSdkValidationTest::type)
                .containsExactly("response.created", "response.in_progress");
        assertThat(thrown).as("the SDK's exception at the error event").isNotNull();
        assertThat(thrown.code()).hasValue("server_error");
        assertThat(thrown.type()).hasValue("server_error");
        assertThat(thrown.statusCode()).isEqualTo(200);
        String streamedId = events.getFirst().asCreated().response().id();
        Response stored = plannedClient.responses().retrieve(streamedId);
        assertThat(stored.status()).hasValue(ResponseStatus.FAILED);
        assertThat(stored.error().orElseThrow().code().asString())
                .isEqualTo(thrown.code().orElseThrow());
    }

    @Test
    void backgroundCreateAndPollValidate() throws InterruptedException {
        Response queued = client.responses()
                .create(request("1024x1024", 0).background(true).build());

        assertThat(queued.status()).hasValue(ResponseStatus.QUEUED);
        assertThat(queued.usage()).isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Response polled = client.responses().retrieve(queued.id());
        while (polled.status().orElseThrow().equals(ResponseStatus.QUEUED)
                || polled.status().orElseThrow().equals(ResponseStatus.IN_PROGRESS)) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
            polled = client.responses().retrieve(queued.id());
        }
        assertThat(polled.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(polled.output()).hasSize(2);
    }

    /**
     * A background + stream run cancelled while the planner thinks: the live stream ends with
     * {@code response.incomplete} whose snapshot is cancelled, and cancel, retrieve and the replay
     * all validate.
     */
    @Test
    void cancelledBackgroundRunValidates() throws Exception {
        planner.enqueue(ScriptedChatServer.text("Here you go.").delayed(Duration.ofMillis(1500)));
        CompletableFuture<String> created = new CompletableFuture<>();
        CompletableFuture<List<ResponseStreamEvent>> live = CompletableFuture.supplyAsync(() -> {
            List<ResponseStreamEvent> out = new ArrayList<>();
            try (StreamResponse<ResponseStreamEvent> s = plannedClient
                    .responses()
                    .createStreaming(request("1024x1024", 0).background(true).build())) {
                s.stream().forEach(e -> {
                    out.add(e);
                    e.created().ifPresent(c -> created.complete(c.response().id()));
                });
            }
            return out;
        });
        String id = created.get(10, TimeUnit.SECONDS);
        awaitPlannerRequest();

        Response cancelled = plannedClient.responses().cancel(id);
        List<ResponseStreamEvent> events = live.get(30, TimeUnit.SECONDS);

        assertThat(cancelled.status()).hasValue(ResponseStatus.CANCELLED);
        assertThat(cancelled.output()).isEmpty();
        assertThat(events)
                .extracting(ResponsesSdkValidationTest::type)
                .containsExactly("response.created", "response.queued", "response.in_progress", "response.incomplete");
        Response last = events.getLast().asIncomplete().response();
        assertThat(last.status()).hasValue(ResponseStatus.CANCELLED);
        assertThat(last).isEqualTo(cancelled);
        assertThat(plannedClient.responses().retrieve(id)).isEqualTo(cancelled);
        assertThat(plannedClient.responses().cancel(id)).isEqualTo(cancelled);
        List<ResponseStreamEvent> replay = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> s = plannedClient.responses().retrieveStreaming(id)) {
            s.stream().forEach(replay::add);
        }
        assertThat(replay).isEqualTo(events);
        assertThat(plannedClient.responses().inputItems().list(id).data()).hasSize(1);
    }

    /**
     * A planner that keeps calling the tool: after the round limit its further calls are ignored
     * (OpenAI's rule for {@code max_tool_calls}) and the turn ends with its answer, completed.
     */
    @Test
    void plannerThatNeverStopsCallingToolsValidates() {
        for (int i = 0; i < 10; i++) {
            planner.enqueue(ScriptedChatServer.toolCall("image_generation", "{\"prompt\":\"cat " + i + "\"}"));
        }

        Response response = plannedClient
                .responses()
                .create(request("1024x1024", 0).maxToolCalls(2).build());

        assertThat(response.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(response.incompleteDetails()).isEmpty();
        assertThat(response.maxToolCalls()).hasValue(2L);
        assertThat(response.output()).hasSize(3);
        assertThat(plannedClient.responses().retrieve(response.id())).isEqualTo(response);
    }

    private static final String[] SEQUENCE_WITH_TWO_PARTIALS = {
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.image_generation_call.in_progress",
        "response.image_generation_call.generating",
        "response.image_generation_call.partial_image",
        "response.image_generation_call.partial_image",
        "response.image_generation_call.completed",
        "response.output_item.done",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed"
    };

    private static String sizeConstant(String size) {
        return "_" + size.toUpperCase(java.util.Locale.ROOT);
    }

    private static String type(ResponseStreamEvent event) {
        return com.openai.core.ObjectMappers.jsonMapper()
                .valueToTree(event)
                .path("type")
                .asText();
    }

    private static List<ResponseStreamEvent> stream(OpenAIClient c, ResponseCreateParams.Builder request) {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> s = c.responses().createStreaming(request.build())) {
            s.stream().forEach(events::add);
        }
        return events;
    }

    private static void awaitPlannerRequest() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (planner.requests().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(planner.requests()).as("planner requests").hasSize(1);
    }

    private static ResponseCreateParams.Builder request(String size, long partialImages) {
        return ResponseCreateParams.builder()
                .model("gpt-4.1")
                .input(PROMPT)
                .addTool(Tool.ImageGeneration.builder()
                        .size(size)
                        .quality(Tool.ImageGeneration.Quality.LOW)
                        .outputFormat(Tool.ImageGeneration.OutputFormat.PNG)
                        .partialImages(partialImages)
                        .build());
    }

    private static OpenAIClient client(TestServer target) {
        return OpenAiClients.strict(target);
    }

    private static ScriptedChatServer startPlanner() {
        try {
            return new ScriptedChatServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
