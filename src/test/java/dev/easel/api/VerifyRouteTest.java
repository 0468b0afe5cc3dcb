package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/easel/verify} on the server's own output: a valid, trusted C2PA manifest by
 * Easel with a {@code c2pa.created} action, and the watermark with its payload; a flipped byte of
 * the file makes the manifest invalid; an unmarked, unsigned picture has neither.
 */
class VerifyRouteTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDemoModel();

    private static JsonNode verify(byte[] file) {
        HttpResponse<String> answer = Wire.postMultipart(
                server, "/v1/easel/verify", new Multipart().file("file", "x.png", "image/png", file));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Wire.json(answer.body());
    }

    @Test
    void theServersOwnImageIsSignedAndMarked() {
        HttpResponse<String> made = Wire.postJson(
                server,
                "/v1/images/generations",
                "{\"prompt\": \"a kite\", \"size\": \"256x256\", \"quality\": \"low\", \"response_format\": \"b64_json\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        byte[] png = Base64.getDecoder()
                .decode(Wire.json(made.body())
                        .get("data")
                        .get(0)
                        .get("b64_json")
                        .asString());

        JsonNode report = verify(png);
        assertThat(report.get("object").asString()).isEqualTo("easel.provenance");
        JsonNode c2pa = report.get("c2pa");
        assertThat(c2pa.get("present").asBoolean()).isTrue();
        assertThat(c2pa.get("valid").asBoolean()).as(c2pa.toString()).isTrue();
        assertThat(c2pa.get("trusted").asBoolean()).as(c2pa.toString()).isTrue();
        assertThat(c2pa.get("claim_generator").asString()).startsWith("Easel");
        assertThat(c2pa.get("actions").get(0).get("action").asString()).isEqualTo("c2pa.created");
        JsonNode mark = report.get("watermark");
        assertThat(mark.get("present").asBoolean()).as(mark.toString()).isTrue();
        assertThat(mark.get("tag").asString()).hasSize(8);

        byte[] altered = png.clone();
        altered[altered.length - 40] ^= 1; // in the last IDAT's data, before IEND
        JsonNode broken = verify(altered).get("c2pa");
        assertThat(broken.get("valid").asBoolean()).isFalse();
        assertThat(broken.get("reasons").toString()).contains("assertion.dataHash.mismatch");
    }

    @Test
    void aPictureFromElsewhereHasNeither() {
        JsonNode report = verify(WireImages.png(WireImages.noise(256, 256, 5)));
        assertThat(report.get("c2pa").get("present").asBoolean()).isFalse();
        assertThat(report.get("watermark").get("present").asBoolean()).isFalse();
    }
}
