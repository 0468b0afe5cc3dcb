package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The one SSE writer frames events so that no field can break the stream. */
class SseWriterTest {
    @Test
    void framesAnEventAsEventAndDataLines() {
        var out = new ByteArrayOutputStream();
        assertThat(new SseWriter(out, ClientConnection.NONE).raw("response.created", "{\"a\":1}"))
                .isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("event: response.created\ndata: {\"a\":1}\n\n");
    }

    @Test
    void lineBreaksCannotEndAFieldEarly() {
        var out = new ByteArrayOutputStream();
        SseWriter sse = new SseWriter(out, ClientConnection.NONE);
        sse.raw("evil\r\ndata: injected", "{\"a\":\n1}\r\n");
        sse.comment("keep\nalive");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("event: evil data: injected\ndata: {\"a\":\ndata: 1}\ndata: \n\n: keep alive\n\n");
    }

    @Test
    void aLargeEventGoesOutWholeAndReportsItsBytesAsTheyGo() {
        String b64 = "A".repeat(200_000);
        String json = "{\"b64_json\":\"" + b64 + "\"}";
        var out = new ByteArrayOutputStream();
        var reported = new java.util.ArrayList<Long>();
        assertThat(new SseWriter(out, ClientConnection.NONE).raw("image_generation.completed", json, reported::add))
                .isTrue();
        String frame = "event: image_generation.completed\ndata: " + json + "\n\n";
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(frame);
        assertThat(reported).isSorted().hasSizeGreaterThan(3);
        assertThat(reported.getLast()).isEqualTo(frame.length());
    }
}
