package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A Responses event stream read over raw HTTP while it runs, event by event, so a test can act
 * (cancel, delete) at a chosen point of the stream. Strict framing, as {@link SseFrames} reads it.
 */
final class LiveStream implements AutoCloseable {
    private final HttpResponse<InputStream> response;
    private final BufferedReader reader;
    private final SseFrames frames;
    private final List<SseFrames.Frame> seen = new ArrayList<>();

    private LiveStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        this.frames = new SseFrames(reader.lines().iterator());
    }

    /** {@code POST /v1/responses} with this body, which must ask for {@code "stream": true}. */
    static LiveStream post(TestServer server, String json) {
        return open(HttpRequest.newBuilder(server.uri("/v1/responses"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** {@code GET path}, e.g. {@code /v1/responses/{id}?stream=true}. */
    static LiveStream get(TestServer server, String path) {
        return open(HttpRequest.newBuilder(server.uri(path)).GET().build());
    }

    private static LiveStream open(HttpRequest request) {
        try {
            HttpResponse<InputStream> response = Wire.HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).as("status").isEqualTo(200);
            assertThat(response.headers().firstValue("content-type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            return new LiveStream(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next event's JSON (its {@code type} checked against its {@code event:} line); fails at the end. */
    JsonNode next() {
        SseFrames.Frame frame =
                frames.next().orElseThrow(() -> new AssertionError("the stream ended after " + types()));
        seen.add(frame);
        JsonNode json = Wire.json(frame.data());
        assertThat(json.path("type").asString()).isEqualTo(frame.event());
        return json;
    }

    /** Reads events until one of this type (returned). */
    JsonNode until(String type) {
        while (true) {
            JsonNode event = next();
            if (event.get("type").asString().equals(type)) {
                return event;
            }
        }
    }

    /** Reads the rest of the stream, to its end. */
    LiveStream rest() {
        for (var f = frames.next(); f.isPresent(); f = frames.next()) {
            seen.add(f.get());
        }
        return this;
    }

    /** Every event read so far. */
    List<SseFrames.Frame> frames() {
        return List.copyOf(seen);
    }

    List<String> types() {
        return seen.stream().map(SseFrames.Frame::event).toList();
    }

    List<JsonNode> events() {
        return seen.stream().map(f -> Wire.json(f.data())).toList();
    }

    @Override
    public void close() throws IOException {
        reader.close();
        response.body().close();
    }
}
