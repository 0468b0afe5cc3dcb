package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.safety.provenance.ManifestReport;
import dev.easel.safety.provenance.ManifestVerifier;
import dev.easel.safety.provenance.Signer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provenance settings: content credentials switched off, and signed with a configured key and chain. */
class C2paSettingsTest {
    /** An operator's own signer: here another local CA's, made before the server starts. */
    private static final Path OWN = ownSigner();

    @RegisterExtension
    static final TestServer off = TestServer.with(Map.of("provenance.c2pa", "false"));

    @RegisterExtension
    static final TestServer configured = TestServer.with(Map.of(
            "provenance.signing_key", OWN.resolve("signer-key.pem").toString(),
            "provenance.signing_certificate", OWN.resolve("signer.pem").toString()));

    @Test
    void switchedOffImagesCarryNoManifestButStillTheirXmp() {
        for (String format : List.of("png", "jpeg", "webp")) {
            byte[] file = generate(off, format);
            ManifestReport report = new ManifestVerifier(List.of(), Clock.systemUTC()).verify(file);
            assertThat(report.present()).as(format).isFalse();
            assertThat(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .contains("trainedAlgorithmicMedia")
                    .doesNotContain("c2pa.claim");
        }
        assertThat(off.dataDir().resolve("c2pa")).doesNotExist();
    }

    @Test
    void aConfiguredKeyAndChainSignInsteadOfTheLocalCa() throws IOException {
        Signer own = Signer.load(OWN.resolve("signer-key.pem"), OWN.resolve("signer.pem"));
        byte[] file = generate(configured, "png");
        ManifestReport report = new ManifestVerifier(List.of(own.chain().getLast()), Clock.systemUTC()).verify(file);
        assertThat(report.valid()).as("%s", report).isTrue();
        assertThat(report.trusted()).as("signed by the configured chain").isTrue();
        assertThat(configured.dataDir().resolve("c2pa")).doesNotExist();
    }

    @org.junit.jupiter.api.AfterAll
    static void deleteOwnSigner() throws IOException {
        try (var files = Files.list(OWN)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(OWN);
    }

    private static byte[] generate(TestServer server, String format) {
        var response = Wire.postJson(
                server,
                "/v1/images/generations",
                "{\"prompt\": \"a lighthouse\", \"size\": \"64x64\", \"output_format\": \"" + format + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WireImages.base64(
                Wire.json(response.body()).get("data").get(0).get("b64_json").asString());
    }

    private static Path ownSigner() {
        try {
            Path dir = Files.createTempDirectory("easel-own-signer");
            Signer.localCa(dir, new SecureRandom(), Clock.systemUTC());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
