package dev.easel.safety.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.media.OutputFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Easel's own reader of manifests: what it reports for intact, altered and absent ones. */
class C2paVerifierTest {
    private static final String SUBJECT = "O=Easel self-hosted,CN=Easel content credentials";

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void anIntactManifestIsValidAndTrustedByItsCa(OutputFormat format) {
        ManifestReport report = ProvenanceFixtures.verifier().verify(ProvenanceFixtures.signed(format));
        assertThat(report)
                .isEqualTo(new ManifestReport(
                        true,
                        true,
                        true,
                        List.of(),
                        "Easel/1.2.3",
                        List.of(new ManifestReport.Action(
                                "c2pa.created",
                                Optional.of("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"))),
                        SUBJECT));
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void withoutTheCaAsAnchorItIsValidButNotTrusted(OutputFormat format) {
        ManifestReport report =
                new ManifestVerifier(List.of(), ProvenanceFixtures.CLOCK).verify(ProvenanceFixtures.signed(format));
        assertThat(report.valid()).isTrue();
        assertThat(report.trusted()).isFalse();
        assertThat(report.reasons()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void anEditReportsOpenedThenEdited(OutputFormat format) {
        byte[] file = ProvenanceFixtures.credentials()
                .embed(ProvenanceFixtures.encoded(format), format, ProvenanceFixtures.edited());
        ManifestReport report = ProvenanceFixtures.verifier().verify(file);
        assertThat(report.valid()).as("%s", report.reasons()).isTrue();
        assertThat(report.actions())
                .extracting(ManifestReport.Action::name)
                .containsExactly("c2pa.opened", "c2pa.edited");
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void aFlippedImageByteBreaksTheDataHash(OutputFormat format) {
        byte[] file = ProvenanceFixtures.signed(format);
        int at = ProvenanceFixtures.pixelByte(format, file);
        file[at] ^= 0x01;
        ManifestReport report = ProvenanceFixtures.verifier().verify(file);
        assertThat(report.present()).isTrue();
        assertThat(report.valid()).isFalse();
        assertThat(report.reasons()).singleElement().asString().startsWith("assertion.dataHash.mismatch");
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void anAlteredAssertionNoLongerMatchesTheClaim(OutputFormat format) {
        byte[] file = ProvenanceFixtures.signed(format);
        int at = indexOf(file, format, "trainedAlgorithmicMedia");
        file[at] = 'T';
        ManifestReport report = ProvenanceFixtures.verifier().verify(file);
        assertThat(report.valid()).isFalse();
        assertThat(report.reasons()).anySatisfy(r -> assertThat(r).startsWith("assertion.hashedURI.mismatch"));
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void anAlteredClaimNoLongerMatchesItsSignature(OutputFormat format) {
        byte[] file = ProvenanceFixtures.signed(format);
        int at = indexOf(file, format, "xmp:iid:") + "xmp:iid:".length();
        file[at] = (byte) (file[at] == 'a' ? 'b' : 'a');
        ManifestReport report = ProvenanceFixtures.verifier().verify(file);
        assertThat(report.valid()).isFalse();
        assertThat(report.reasons())
                .containsExactly("claimSignature.mismatch: the claim's signature does not verify with its certificate");
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void aFileWithoutAManifestSaysSo(OutputFormat format) {
        ManifestReport report = ProvenanceFixtures.verifier().verify(ProvenanceFixtures.encoded(format));
        assertThat(report)
                .isEqualTo(new ManifestReport(
                        false,
                        false,
                        false,
                        List.of("manifest.missing: the file carries no C2PA manifest store"),
                        "",
                        List.of(),
                        ""));
    }

    @org.junit.jupiter.api.Test
    void anExpiredSigningCertificateIsInvalid() {
        Clock later = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        ManifestReport report =
                new ManifestVerifier(List.of(), later).verify(ProvenanceFixtures.signed(OutputFormat.PNG));
        assertThat(report.valid()).isFalse();
        assertThat(report.reasons()).singleElement().asString().startsWith("signingCredential.expired");
    }

    @org.junit.jupiter.api.Test
    void somethingElseThanAnImageIsNoManifest() {
        ManifestReport report =
                ProvenanceFixtures.verifier().verify("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(report.present()).isFalse();
        assertThat(report.reasons()).containsExactly("manifest.missing: not a PNG, JPEG or WebP file");
    }

    /** Where {@code text} first occurs in the manifest store (the XMP packet beside it says some of it too). */
    private static int indexOf(byte[] file, OutputFormat format, String text) {
        byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int from =
                (int) Embedding.of(format).find(file).orElseThrow().container().start();
        outer:
        for (int i = from; i + needle.length <= file.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (file[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " is not in the file");
    }
}
