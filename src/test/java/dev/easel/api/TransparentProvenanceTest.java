package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * A transparent file keeps its provenance: the C2PA manifest signs it with its alpha, and the
 * watermark, embedded in the colours before matting, is read back by {@code /v1/easel/verify}.
 */
class TransparentProvenanceTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDemoModel().withMattingModel();

    @ParameterizedTest
    @ValueSource(strings = {"png", "webp"})
    void aTransparentFileIsSignedAndMarked(String format) {
        HttpResponse<String> made = Wire.postJson(server, "/v1/images/generations", """
                {"prompt": "a kite", "size": "256x256", "quality": "low", "background": "transparent",
                 "output_format": "%s", "output_compression": 100}""".formatted(format));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        byte[] file =
                WireImages.base64(Wire.json(made.body()).at("/data/0/b64_json").asString());
        assertThat(WireImages.assertImage(file, format, 256, 256)
                        .getColorModel()
                        .hasAlpha())
                .isTrue();

        HttpResponse<String> answer = Wire.postMultipart(
                server, "/v1/easel/verify", new Multipart().file("file", "x." + format, "image/" + format, file));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode report = Wire.json(answer.body());
        JsonNode c2pa = report.get("c2pa");
        assertThat(c2pa.get("valid").asBoolean()).as(c2pa.toString()).isTrue();
        assertThat(c2pa.get("trusted").asBoolean()).as(c2pa.toString()).isTrue();
        JsonNode mark = report.get("watermark");
        assertThat(mark.get("present").asBoolean()).as(mark.toString()).isTrue();
    }
}
