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
}
