package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The Responses API's event stream on the wire, read with java.net.http: names, order, fields, replay. */
class ResponsesSseTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static final Set<String> PARTIAL_FIELDS = Set.of(
            "type",
            "sequence_number",
            "output_index",
            "item_id",
            "partial_image_index",
            "partial_image_b64",
            "size",
            "quality",
            "background",
            "output_format");

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void oneImageStreamsOpenAisEventSequence(int partials) {
        ResponseStream stream = ResponseStream.post(server, body(partials));

        List<String> expected = new ArrayList<>(List.of(
                "response.created",
                "response.in_progress",
                "response.output_item.added",
                "response.image_generation_call.in_progress",
                "response.image_generation_call.generating"));
        for (int i = 0; i < partials; i++) {
            expected.add("response.image_generation_call.partial_image");
        }
        expected.addAll(List.of(
                "response.image_generation_call.completed",
                "response.output_item.done",
                "response.output_item.added",
                "response.content_part.added",
                "response.output_text.done",
                "response.content_part.done",
                "response.output_item.done",
                "response.completed"));
        assertThat(stream.types()).containsExactlyElementsOf(expected);
        stream.assertConsecutiveFrom(0);

        List<JsonNode> events = stream.events();
        JsonNode created = events.get(0).get("response");
        assertThat(created.get("status").asString()).isEqualTo("in_progress");
        assertThat(created.get("output").size()).isZero();
        assertThat(created.get("usage").isNull()).isTrue();
        assertThat(events.get(1).get("response").get("status").asString()).isEqualTo("in_progress");

        JsonNode imageAdded = events.get(2);
        assertThat(imageAdded.get("output_index").asInt()).isZero();
        String imageId = imageAdded.get("item").get("id").asString();
        assertThat(imageId).startsWith("ig_");
        // result is required (nullable) in the SDKs' ImageGenerationCall: openai-java's validation needs it.
        assertThat(Set.copyOf(imageAdded.get("item").propertyNames()))
                .isEqualTo(Set.of("id", "type", "status", "result"));
        assertThat(imageAdded.get("item").get("result").isNull()).isTrue();
        assertThat(imageAdded.get("item").get("type").asString()).isEqualTo("image_generation_call");
        assertThat(imageAdded.get("item").get("status").asString()).isEqualTo("in_progress");
        int imageDone = 6 + partials;
        for (int i = 3; i < imageDone; i++) {
            assertThat(events.get(i).get("output_index").asInt())
                    .as("output_index of %s", stream.types().get(i))
                    .isZero();
            assertThat(events.get(i).get("item_id").asString())
                    .as("item_id of %s", stream.types().get(i))
                    .isEqualTo(imageId);
        }
        for (int i = 0; i < partials; i++) {
            JsonNode partial = events.get(5 + i);
            assertThat(Set.copyOf(partial.propertyNames())).isEqualTo(PARTIAL_FIELDS);
            assertThat(partial.get("partial_image_index").asInt()).isEqualTo(i);
            assertThat(partial.get("size").asString()).isEqualTo("64x64");
            assertThat(partial.get("quality").asString()).isEqualTo("high");
            assertThat(partial.get("background").asString()).isEqualTo("opaque");
            assertThat(partial.get("output_format").asString()).isEqualTo("png");
            WireImages.assertImage(
                    WireImages.base64(partial.get("partial_image_b64").asString()), "png", 64, 64);
        }
        assertThat(events.get(imageDone).get("output_index").asInt()).isZero();
        JsonNode imageItem = events.get(imageDone).get("item");
        assertThat(imageItem.get("id").asString()).isEqualTo(imageId);
        assertThat(imageItem.get("status").asString()).isEqualTo("completed");
        WireImages.assertImage(WireImages.base64(imageItem.get("result").asString()), "png", 64, 64);

        JsonNode messageAdded = events.get(imageDone + 1);
        assertThat(messageAdded.get("output_index").asInt()).isEqualTo(1);
        String messageId = messageAdded.get("item").get("id").asString();
        assertThat(messageId).startsWith("msg_");
        for (int i = imageDone + 2; i < imageDone + 5; i++) {
            assertThat(events.get(i).get("output_index").asInt())
                    .as("output_index of %s", stream.types().get(i))
                    .isEqualTo(1);
            assertThat(events.get(i).get("item_id").asString())
                    .as("item_id of %s", stream.types().get(i))
                    .isEqualTo(messageId);
            assertThat(events.get(i).get("content_index").asInt()).isZero();
        }
        assertThat(events.get(imageDone + 3).get("text").asString()).isEmpty();
        JsonNode messageDone = events.get(imageDone + 5);
        assertThat(messageDone.get("output_index").asInt()).isEqualTo(1);

        JsonNode completed = stream.finalResponse();
        assertThat(completed.get("status").asString()).isEqualTo("completed");
        assertThat(completed.get("output").get(0)).isEqualTo(imageItem);
        assertThat(completed.get("output").get(1)).isEqualTo(messageDone.get("item"));
        assertThat(completed.get("usage").get("output_tokens").asInt()).isEqualTo(4);
        assertThat(Wire.json(
                        Wire.get(server, "/v1/responses/" + completed.get("id").asString())
                                .body()))
                .as("GET after the stream")
                .isEqualTo(completed);
    }

    @Test
    void replayAfterACursorSendsExactlyTheLaterEventsByteForByte() {
        ResponseStream original = ResponseStream.post(server, body(2));
        String id = original.event(0).get("response").get("id").asString();
        List<SseFrames.Frame> frames = original.frames();
        assertThat(original.body())
                .as("the original stream holds nothing but its events")
                .isEqualTo(ResponseStream.wire(frames));

        for (int after : new int[] {0, 4, 6, frames.size() - 2, frames.size() - 1}) {
            ResponseStream replay =
                    ResponseStream.get(server, "/v1/responses/" + id + "?stream=true&starting_after=" + after);
            assertThat(replay.body())
                    .as("replay after %d", after)
                    .isEqualTo(ResponseStream.wire(frames.subList(after + 1, frames.size())));
        }
        for (String query : new String[] {"?stream=true&starting_after=-1", "?stream=true"}) {
            ResponseStream replay = ResponseStream.get(server, "/v1/responses/" + id + query);
            assertThat(replay.body()).as("replay %s", query).isEqualTo(original.body());
        }
    }

    /** Quality high: six steps on the tiny model, room for three previews (low has two steps, so two at most). */
    private static String body(int partials) {
        return """
                {"model": "gpt-4.1", "input": "a kite over the dunes", "stream": true,
                 "tools": [{"type": "image_generation", "size": "64x64", "quality": "high", "partial_images": %d}]}""".formatted(partials);
    }
}
