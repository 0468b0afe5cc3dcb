package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseImageGenCallPartialImageEvent;
import com.openai.models.responses.ResponseInputMessageItem;
import com.openai.models.responses.ResponseItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.Tool;
import dev.easel.tools.planner.ScriptedChatServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The official OpenAI Java SDK against a real server: create, stream, retrieve, list input, delete, background, cancel. */
class ResponsesSdkTest {
    private static final String PROMPT = "a lighthouse at dusk";

    /** Answers the planned server's only planner call, slowly, so that a cancel lands while it waits. */
    static final ScriptedChatServer planner = startPlanner();

    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    @RegisterExtension
    static final TestServer planned = TestServer.withEnv(
            Map.of("EASEL_PLANNER_URL", planner.baseUrl().toString(), "EASEL_PLANNER_MODEL", "test-model"));

    private static OpenAIClient client;
    private static OpenAIClient plannedClient;

    @BeforeAll
    static void connect() {
        client = client(server);
        plannedClient = client(planned);
    }

    @AfterAll
    static void disconnect() {
        client.close();
        plannedClient.close();
        planner.close();
    }

    @Test
    void createReturnsTheCompletedImageCallAndAMessage() {
        Response response = client.responses().create(request(0).build());

        assertThat(response.id()).startsWith("resp_");
        assertThat(response.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(response.output()).hasSize(2);
        ResponseOutputItem.ImageGenerationCall call = response.output().get(0).asImageGenerationCall();
        assertThat(call.id()).startsWith("ig_");
        assertThat(call.status()).isEqualTo(ResponseOutputItem.ImageGenerationCall.Status.COMPLETED);
        WireImages.assertImage(WireImages.base64(call.result().orElseThrow()), "png", 64, 64);
        assertThat(call.revisedPrompt()).hasValue(PROMPT); // direct mode: the user's words are the prompt
        assertThat(call.size().orElseThrow().asString()).isEqualTo("64x64");
        assertThat(call.quality().orElseThrow().asString()).isEqualTo("low");
        assertThat(call.outputFormat().orElseThrow().asString()).isEqualTo("png");
        assertThat(call.background().orElseThrow().asString()).isEqualTo("opaque");
        assertThat(call.action().orElseThrow().asString()).isEqualTo("generate");
        var message = response.output().get(1).asMessage();
        assertThat(message.id()).startsWith("msg_");
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().getFirst().asOutputText().text()).isEmpty();
        var usage = response.usage().orElseThrow();
        assertThat(usage.inputTokens()).isZero(); // no planner, no input image
        assertThat(usage.outputTokens()).isEqualTo(4); // 64x64 is four 32x32 patches
        assertThat(usage.totalTokens()).isEqualTo(4);
        assertThat(response.completedAt()).isPresent();

        assertThat(client.responses().retrieve(response.id())).isEqualTo(response);
    }

    @Test
    void streamingSendsOpenAisEventsInOrderWithConsecutiveSequenceNumbers() {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream =
                client.responses().createStreaming(request(2).build())) {
            stream.stream().forEach(events::add);
        }

        List<JsonNode> json = events.stream()
                .map(e -> (JsonNode) ObjectMappers.jsonMapper().valueToTree(e))
                .toList();
        assertThat(json)
                .extracting(e -> e.path("type").asText())
                .containsExactly(
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
                        "response.completed");
        for (int i = 0; i < json.size(); i++) {
            assertThat(json.get(i).path("sequence_number").asLong(-1))
                    .as("sequence_number of event %d", i)
                    .isEqualTo(i);
        }
        for (int i = 0; i < 2; i++) {
            ResponseImageGenCallPartialImageEvent partial = events.get(5 + i).asImageGenerationCallPartialImage();
            assertThat(partial.partialImageIndex()).isEqualTo(i);
            assertThat(partial.outputIndex()).isZero();
            WireImages.assertImage(WireImages.base64(partial.partialImageB64()), "png", 64, 64);
        }
        Response created = events.getFirst().asCreated().response();
        assertThat(created.status()).hasValue(ResponseStatus.IN_PROGRESS);
        assertThat(created.output()).isEmpty();
        assertThat(created.usage()).isEmpty();
        Response completed = events.getLast().asCompleted().response();
        assertThat(completed.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(completed.output().getFirst())
                .isEqualTo(events.get(8).asOutputItemDone().item());
        assertThat(completed.output().get(1))
                .isEqualTo(events.get(13).asOutputItemDone().item());
        assertThat(client.responses().retrieve(completed.id())).isEqualTo(completed);
    }

    @Test
    void inputItemsListTheUsersMessage() {
        Response response = client.responses().create(request(0).build());

        List<ResponseItem> items =
                client.responses().inputItems().list(response.id()).data();

        assertThat(items).hasSize(1);
        ResponseInputMessageItem message = items.getFirst().asResponseInputMessageItem();
        assertThat(message.id()).startsWith("msg_");
        assertThat(message.role()).isEqualTo(ResponseInputMessageItem.Role.USER);
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().getFirst().asInputText().text()).isEqualTo(PROMPT);
    }

    @Test
    void deletedResponseIsNotFound() {
        Response response = client.responses().create(request(0).build());

        client.responses().delete(response.id());

        assertThatThrownBy(() -> client.responses().retrieve(response.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.responses().delete(response.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void backgroundResponseIsQueuedThenCompletesWhilePolled() throws InterruptedException {
        Response queued = client.responses().create(request(0).background(true).build());

        assertThat(queued.status())
                .hasValueSatisfying(s -> assertThat(s).isIn(ResponseStatus.QUEUED, ResponseStatus.IN_PROGRESS));
        assertThat(queued.background()).hasValue(true);
        assertThat(queued.output()).isEmpty();
        Response done = poll(client, queued.id());
        assertThat(done.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(done.output()).hasSize(2);
        WireImages.assertImage(
                WireImages.base64(done.output()
                        .getFirst()
                        .asImageGenerationCall()
                        .result()
                        .orElseThrow()),
                "png",
                64,
                64);
    }

    /**
     * Deterministic: the planner holds its answer for 1.5 s, and the cancel is sent once the planner
     * has the request, so it always lands while the run waits for the planner. The answer (plain
     * text) would complete the response; the cancel must win.
     */
    @Test
    void cancelDuringThePlannerCallEndsTheResponseCancelled() throws InterruptedException {
        planner.reset();
        planner.enqueue(ScriptedChatServer.text("Here you go.").delayed(Duration.ofMillis(1500)));
        Response queued = plannedClient
                .responses()
                .create(request(0).model("gpt-4.1").background(true).build());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (planner.requests().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(planner.requests()).as("planner requests before the cancel").hasSize(1);

        Response cancelled = plannedClient.responses().cancel(queued.id());

        assertThat(cancelled.status()).hasValue(ResponseStatus.CANCELLED);
        assertThat(cancelled.output()).isEmpty();
        assertThat(plannedClient.responses().retrieve(queued.id()).status()).hasValue(ResponseStatus.CANCELLED);
        assertThat(plannedClient.responses().cancel(queued.id()).status())
                .as("a second cancel")
                .hasValue(ResponseStatus.CANCELLED);
    }

    private static ResponseCreateParams.Builder request(long partialImages) {
        return ResponseCreateParams.builder()
                .model("gpt-4.1")
                .input(PROMPT)
                .addTool(Tool.ImageGeneration.builder()
                        .size("64x64")
                        .quality(Tool.ImageGeneration.Quality.LOW)
                        .outputFormat(Tool.ImageGeneration.OutputFormat.PNG)
                        .partialImages(partialImages)
                        .build());
    }

    private static Response poll(OpenAIClient client, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Response r = client.responses().retrieve(id);
            ResponseStatus status = r.status().orElseThrow();
            if (!status.equals(ResponseStatus.QUEUED) && !status.equals(ResponseStatus.IN_PROGRESS)) {
                return r;
            }
            assertThat(System.nanoTime())
                    .as("response %s still %s after 30 s", id, status)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static OpenAIClient client(TestServer target) {
        return OpenAiClients.plain(target);
    }

    private static ScriptedChatServer startPlanner() {
        try {
            return new ScriptedChatServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
