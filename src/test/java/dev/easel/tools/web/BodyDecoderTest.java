package dev.easel.tools.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

class BodyDecoderTest {
    @Test
    void zlibIsInflatedUnderTheLimit() throws Exception {
        byte[] text = "<p>deflated</p>".getBytes(StandardCharsets.UTF_8);

        assertThat(BodyDecoder.decode(deflate(text), 100)).isEqualTo(text);
        assertThatThrownBy(() -> BodyDecoder.decode(deflate(new byte[10_000]), 9_999))
                .isInstanceOf(BodyDecoder.TooLargeException.class);
    }

    @Test
    void textThatMerelyLooksLikeAZlibHeaderIsKept() throws Exception {
        byte[] text = "x^2 + y^2".getBytes(StandardCharsets.US_ASCII);
        byte[] html = "<!doctype html>".getBytes(StandardCharsets.US_ASCII);

        assertThat(BodyDecoder.decode(text, 100)).isEqualTo(text);
        assertThat(BodyDecoder.decode(html, 100)).isSameAs(html);
    }

    private static byte[] deflate(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }
}
