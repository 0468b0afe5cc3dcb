package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A Responses API event stream read to its end over raw HTTP, with no {@code Accept} header (as
 * OpenAI's clients may send none): the exact body text and its events.
 */
record ResponseStream(String body, List<SseFrames.Frame> frames) {

    /** {@code POST /v1/responses} with this body, which must ask for {@code "stream": true}. */
    static ResponseStream post(TestServer server, String json) {
        return read(Wire.send(HttpRequest.newBuilder(server.uri("/v1/responses"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build()));
    }

    /** {@code GET path}, e.g. {@code /v1/responses/{id}?stream=true}. */
    static ResponseStream get(TestServer server, String path) {
        return read(Wire.get(server, path));
    }

    /** An answer already received, e.g. one sent with an {@code Authorization} header. */
    static ResponseStream read(HttpResponse<String> response) {
        ApiErrors.assertWellBehaved(response);
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .as("content-type")
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        return new ResponseStream(
                response.body(), new SseFrames(response.body().lines().iterator()).all());
    }

    List<String> types() {
        return frames.stream().map(SseFrames.Frame::event).toList();
    }

    /** Each event's JSON, after checking that its {@code type} repeats the {@code event:} line. */
    List<JsonNode> events() {
        return frames.stream()
                .map(f -> {
                    JsonNode data = Wire.json(f.data());
                    assertThat(data.path("type").asString())
                            .as("type of %s", f.event())
                            .isEqualTo(f.event());
                    return data;
                })
                .toList();
    }

    JsonNode event(int index) {
        return events().get(index);
    }

    /** The final Response object, from the terminal event. */
    JsonNode finalResponse() {
        return events().getLast().get("response");
    }

    /** Sequence numbers must run 0, 1, 2, ... with no gap (starting at {@code first}). */
    void assertConsecutiveFrom(long first) {
        List<JsonNode> events = events();
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence_number").isIntegralNumber())
                    .as("sequence_number of event %d (%s)", i, frames.get(i).event())
                    .isTrue();
            assertThat(events.get(i).get("sequence_number").asLong())
                    .as("sequence_number of event %d (%s)", i, frames.get(i).event())
                    .isEqualTo(first + i);
        }
    }

    /** The events as the server frames them on the wire, for byte comparisons. */
    static String wire(List<SseFrames.Frame> frames) {
        StringBuilder s = new StringBuilder();
        frames.forEach(f -> s.append("event: ")
                .append(f.event())
                .append("\ndata: ")
                .append(f.data())
                .append("\n\n"));
        return s.toString();
    }
}
