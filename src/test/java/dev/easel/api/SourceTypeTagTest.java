package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Every returned file, on both APIs and in every output format, carries the IPTC digital source
 * type for trained algorithmic media in its XMP packet, for tools that read only XMP.
 */
class SourceTypeTagTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static final String TAG = "Iptc4xmpExt:DigitalSourceType=\""
            + "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia\"";

    private static String file(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "webp"})
    void imagesApiFilesCarryTheTag(String format) {
        HttpResponse<String> made = Wire.postJson(
                server,
                "/v1/images/generations",
                "{\"prompt\": \"a kite\", \"size\": \"64x64\", \"output_format\": \"" + format + "\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        assertThat(file(Wire.json(made.body())
                        .get("data")
                        .get(0)
                        .get("b64_json")
                        .asString()))
                .contains(TAG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "webp"})
    void responsesFilesCarryTheTag(String format) {
        HttpResponse<String> made = Wire.postJson(
                server,
                "/v1/responses",
                "{\"model\": \"direct\", \"input\": \"a kite\", \"tools\": [{\"type\": \"image_generation\","
                        + " \"size\": \"64x64\", \"output_format\": \"" + format + "\"}]}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        JsonNode call = Wire.json(made.body()).get("output").get(0);
        assertThat(file(call.get("result").asString())).contains(TAG);
    }
}
