package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.safety.provenance.ManifestReport;
import dev.easel.safety.provenance.ManifestVerifier;
import dev.easel.safety.provenance.Signer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every kind of image the server returns carries content credentials that independent C2PA
 * validators accept: PNG, JPEG and WebP generations, an edit, a partial image and a final image of
 * the Responses image tool, a chart, and transparent PNG and WebP files (with an alpha channel, from
 * the synthetic matting model). Checked by c2pa-ts (PNG and JPEG: it reads no WebP), by
 * c2pa-rs (WebAssembly build) and by Easel's own verifier. A flipped byte of picture data must
 * fail each of them, and a file without a manifest is a failure, not a pass.
 *
 * <p>Status codes: with the server's local CA ({@code data/c2pa/ca.pem}) as its trust anchor
 * c2pa-rs reports no failure and no informational code at all; with its default trust settings
 * (no anchors) exactly one failure, {@code signingCredential.untrusted}, the one code tolerated:
 * the local CA is in no public trust list, by design. c2pa-ts checks no trust chain (its
 * {@code signingCredential.trusted} means the certificate profile holds), so it must report no
 * failure at all.
 */
class C2paValidatorsTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults().withMattingModel();

    @TempDir
    static Path dir;

    private static final Map<String, byte[]> files = new LinkedHashMap<>();
    private static Map<String, JsonNode> reports;
    private static Path ca;

    private static final String TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

    @BeforeAll
    static void makeAndValidate() throws IOException {
        C2paValidators.requireInstalled();
        for (String format : List.of("png", "jpeg", "webp")) {
            files.put("generated-" + format, generated(format));
        }
        files.put("edited-png", edited());
        files.put("partial-jpeg", partialImage());
        files.put("responses-webp", responsesImage());
        files.put("chart-png", chart());
        for (String format : List.of("png", "webp")) {
            files.put("transparent-" + format, transparent(format));
        }
        for (String format : List.of("png", "jpeg", "webp")) {
            byte[] flipped = files.get("generated-" + format).clone();
            flipped[pictureByte(flipped)] ^= 0x01;
            files.put("flipped-" + format, flipped);
        }
        files.put("plain-png", WireImages.png(WireImages.noise(16, 16, 3)));
        List<Path> paths = new ArrayList<>();
        for (var e : files.entrySet()) {
            paths.add(Files.write(dir.resolve(e.getKey()), e.getValue()));
        }
        ca = server.dataDir().resolve("c2pa/ca.pem");
        reports = C2paValidators.validate(ca, paths);
    }

    @Test
    void generationsInEveryFormatValidateCleanly() {
        for (String format : List.of("png", "jpeg", "webp")) {
            JsonNode report = assertValid("generated-" + format);
            assertThat(report.path("toolkitTrusted")
                            .path("actions")
                            .get(0)
                            .path("action")
                            .asString())
                    .isEqualTo("c2pa.created");
            assertThat(report.path("toolkitTrusted")
                            .path("actions")
                            .get(0)
                            .path("digitalSourceType")
                            .asString())
                    .isEqualTo(TRAINED);
        }
        assertThat(reports.get("generated-webp")
                        .path("c2paTs")
                        .path("unsupported")
                        .asString())
                .isEqualTo("c2pa-ts 0.9.4 reads no WebP");
    }

    @Test
    void anEditIsOpenedFromItsSourceThenEdited() {
        JsonNode toolkit = assertValid("edited-png").path("toolkitTrusted");
        assertThat(toolkit.path("actions"))
                .extracting(a -> a.path("action").asString())
                .containsExactly("c2pa.opened", "c2pa.edited");
        assertThat(toolkit.path("ingredients").get(0).path("title").asString()).isEqualTo("input image");
        assertThat(toolkit.path("ingredients").get(0).path("relationship").asString())
                .isEqualTo("parentOf");
    }

    @Test
    void partialImagesResponsesImagesAndChartsCarryCredentialsToo() {
        assertValid("partial-jpeg");
        assertValid("responses-webp");
        JsonNode chart = assertValid("chart-png").path("toolkitTrusted");
        assertThat(chart.path("actions").get(0).path("digitalSourceType").asString())
                .isEqualTo("http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia");
    }

    @Test
    void transparentFilesValidateCleanly() {
        for (String format : List.of("png", "webp")) {
            assertThat(WireImages.decode(files.get("transparent-" + format))
                            .getColorModel()
                            .hasAlpha())
                    .as(format + " has alpha")
                    .isTrue();
            assertValid("transparent-" + format);
        }
    }

    @Test
    void aFlippedPictureByteFailsEveryValidator() {
        for (String format : List.of("png", "jpeg", "webp")) {
            String name = "flipped-" + format;
            JsonNode report = reports.get(name);
            assertThat(C2paValidators.codes(report, "toolkitTrusted", "failure"))
                    .as(name + ": " + report)
                    .containsExactly("assertion.dataHash.mismatch");
            if (!format.equals("webp")) {
                assertThat(report.path("c2paTs").path("valid").asBoolean())
                        .as(name)
                        .isFalse();
                assertThat(C2paValidators.codes(report, "c2paTs", "failure"))
                        .as(name)
                        .containsExactly("assertion.dataHash.mismatch");
            }
            ManifestReport own = verifier().verify(files.get(name));
            assertThat(own.valid()).isFalse();
            assertThat(own.reasons()).singleElement().asString().startsWith("assertion.dataHash.mismatch");
        }
    }

    @Test
    void aFileWithoutAManifestIsAFailureNotAPass() {
        JsonNode report = reports.get("plain-png");
        assertThat(report.path("c2paTs").path("manifest").asBoolean()).isFalse();
        assertThat(report.path("toolkitTrusted").path("manifest").asBoolean()).isFalse();
        assertThat(report.path("toolkitTrusted").path("error").asString()).contains("JumbfNotFound");
        assertThatThrownBy(() -> assertValid("plain-png")).isInstanceOf(AssertionError.class);
    }

    /** The checks every returned file must pass; the report, for more. */
    private static JsonNode assertValid(String name) {
        JsonNode report = reports.get(name);
        String why = name + ": " + report;
        JsonNode toolkit = report.path("toolkitTrusted");
        assertThat(toolkit.path("manifest").asBoolean())
                .as("c2pa-rs finds a manifest in " + why)
                .isTrue();
        assertThat(C2paValidators.codes(report, "toolkitTrusted", "failure"))
                .as(why)
                .isEmpty();
        assertThat(C2paValidators.codes(report, "toolkitTrusted", "informational"))
                .as(why)
                .isEmpty();
        assertThat(C2paValidators.codes(report, "toolkitTrusted", "status"))
                .as(why)
                .isEmpty();
        assertThat(C2paValidators.codes(report, "toolkitTrusted", "success"))
                .as(why)
                .contains("signingCredential.trusted", "claimSignature.validated", "assertion.dataHash.match");
        assertThat(toolkit.path("claimGenerator").get(0).asString()).isEqualTo("Easel/dev");
        assertThat(toolkit.path("signer").asString()).isEqualTo("Easel content credentials");
        assertThat(toolkit.path("issuer").asString()).isEqualTo("Easel self-hosted");
        assertThat(C2paValidators.codes(report, "toolkitDefault", "failure"))
                .as("without the local CA as anchor, untrusted and nothing else: " + why)
                .containsExactly("signingCredential.untrusted");
        if (!report.path("mime").asString().equals("image/webp")) {
            assertThat(report.path("c2paTs").path("manifest").asBoolean())
                    .as("c2pa-ts finds it in " + why)
                    .isTrue();
            assertThat(report.path("c2paTs").path("valid").asBoolean()).as(why).isTrue();
            assertThat(C2paValidators.codes(report, "c2paTs", "failure"))
                    .as(why)
                    .isEmpty();
            assertThat(C2paValidators.codes(report, "c2paTs", "success"))
                    .as(why)
                    .contains("signingCredential.trusted", "claimSignature.validated", "assertion.dataHash.match");
        }
        ManifestReport own = verifier().verify(files.get(name));
        assertThat(own.valid()).as(name + ": " + own).isTrue();
        assertThat(own.trusted()).as(name + ": " + own).isTrue();
        assertThat(own.claimGenerator()).isEqualTo("Easel/dev");
        return report;
    }

    private static ManifestVerifier verifier() {
        try {
            List<X509Certificate> anchors = Signer.load(
                            server.dataDir().resolve("c2pa/signer-key.pem"),
                            server.dataDir().resolve("c2pa/signer.pem"))
                    .chain()
                    .subList(1, 2);
            return new ManifestVerifier(anchors, Clock.systemUTC());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] generated(String format) {
        return firstImage(Wire.postJson(
                server,
                "/v1/images/generations",
                "{\"prompt\": \"a lighthouse at dusk\", \"size\": \"64x64\", \"quality\": \"low\", \"output_format\": \""
                        + format + "\"}"));
    }

    private static byte[] transparent(String format) {
        return firstImage(Wire.postJson(
                server,
                "/v1/images/generations",
                "{\"prompt\": \"a lighthouse\", \"size\": \"64x64\", \"quality\": \"low\", \"background\":"
                        + " \"transparent\", \"output_format\": \"" + format + "\"}"));
    }

    private static byte[] edited() {
        String source = WireImages.pngDataUrl(WireImages.png(WireImages.noise(64, 64, 9)));
        return firstImage(Wire.postJson(
                server,
                "/v1/images/edits",
                "{\"prompt\": \"bluer\", \"size\": \"64x64\", \"response_format\": \"b64_json\", \"images\": [{\"image_url\": \""
                        + source + "\"}]}"));
    }

    private static byte[] partialImage() {
        ResponseStream stream = ResponseStream.post(server, """
                {"model": "gpt-5", "input": "a red kite over a beach", "stream": true,
                 "tools": [{"type": "image_generation", "size": "64x64", "quality": "low",
                            "output_format": "jpeg", "partial_images": 1}]}""");
        return stream.events().stream()
                .filter(e -> e.path("type").asString().equals("response.image_generation_call.partial_image"))
                .map(e -> WireImages.base64(e.path("partial_image_b64").asString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no partial image in " + stream.types()));
    }

    private static byte[] responsesImage() {
        HttpResponse<String> response = Wire.postJson(server, "/v1/responses", """
                {"model": "gpt-5", "input": "a red kite over a beach",
                 "tools": [{"type": "image_generation", "size": "64x64", "quality": "low", "output_format": "webp"}]}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WireImages.base64(
                Wire.json(response.body()).get("output").get(0).get("result").asString());
    }

    private static byte[] chart() {
        HttpResponse<String> response = Wire.postJson(server, "/v1/easel/charts", ChartToolTest.CHART);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return firstImage(response);
    }

    private static byte[] firstImage(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WireImages.base64(
                Wire.json(response.body()).get("data").get(0).get("b64_json").asString());
    }

    /** A byte of compressed picture data: in the PNG's IDAT, the JPEG's scan, the WebP's VP8L or VP8 chunk. */
    private static int pictureByte(byte[] file) {
        String text = new String(file, StandardCharsets.ISO_8859_1);
        if (text.startsWith("\u0089PNG")) {
            return text.indexOf("IDAT") + 8;
        }
        if (text.startsWith("RIFF")) {
            int vp8 = Math.max(text.indexOf("VP8L"), text.indexOf("VP8 "));
            return vp8 + 12;
        }
        return file.length - 10; // JPEG: just before the EOI marker, inside the scan
    }
}
