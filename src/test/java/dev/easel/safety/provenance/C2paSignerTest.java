package dev.easel.safety.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local CA and its signing certificate: what C2PA validators require of them, and their files. */
class C2paSignerTest {
    @TempDir
    Path dir;

    @Test
    void theSigningCertificateFitsC2pasProfile() throws Exception {
        Signer signer = Signer.localCa(dir, new SplittableRandom(1), ProvenanceFixtures.CLOCK);
        assertThat(signer.chain()).hasSize(2);
        X509Certificate leaf = signer.chain().get(0);
        X509Certificate ca = signer.chain().get(1);
        assertThat(leaf.getVersion()).isEqualTo(3);
        assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(leaf.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(leaf.getCriticalExtensionOIDs())
                .contains(Extension.keyUsage.getId(), Extension.basicConstraints.getId());
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(leaf.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.36", "1.3.6.1.5.5.7.3.4");
        assertThat(leaf.getExtensionValue(Extension.authorityKeyIdentifier.getId()))
                .isNotNull();
        assertThat(leaf.getExtensionValue(Extension.subjectKeyIdentifier.getId()))
                .isNotNull();
        assertThat(leaf.getSubjectX500Principal().getName())
                .isEqualTo("O=Easel self-hosted,CN=Easel content credentials");
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        leaf.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getCriticalExtensionOIDs()).contains(Extension.keyUsage.getId());
        assertThat(ca.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
        assertThat(leaf.getNotBefore().toInstant()).isBefore(ProvenanceFixtures.CLOCK.instant());
        assertThat(leaf.getNotAfter().toInstant())
                .isEqualTo(ProvenanceFixtures.CLOCK
                        .instant()
                        .plus(Duration.ofDays(730))
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void theKeysAreThisUsersAloneAndKeptAcrossStarts() throws IOException {
        Signer first = Signer.localCa(dir, new SplittableRandom(1), ProvenanceFixtures.CLOCK);
        for (String file : new String[] {"ca.pem", "ca-key.pem", "signer.pem", "signer-key.pem"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))))
                    .as(file)
                    .isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        Signer again = Signer.localCa(dir, new SplittableRandom(2), ProvenanceFixtures.CLOCK);
        assertThat(again.chain()).isEqualTo(first.chain());
    }

    @Test
    void aSigningCertificateNearItsEndIsIssuedAnewByTheSameCa() throws IOException {
        Signer first = Signer.localCa(dir, new SplittableRandom(1), ProvenanceFixtures.CLOCK);
        Clock later = Clock.offset(ProvenanceFixtures.CLOCK, Duration.ofDays(710));
        Signer renewed = Signer.localCa(dir, new SplittableRandom(2), later);
        assertThat(renewed.chain().get(0)).isNotEqualTo(first.chain().get(0));
        assertThat(renewed.chain().get(1)).isEqualTo(first.chain().get(1));
        assertThat(Signer.load(dir.resolve("signer-key.pem"), dir.resolve("signer.pem"))
                        .chain())
                .isEqualTo(renewed.chain());
    }

    @Test
    void aConfiguredKeyAndChainLoadFromPem() throws IOException {
        Signer.localCa(dir, new SplittableRandom(1), ProvenanceFixtures.CLOCK);
        Signer loaded = Signer.load(dir.resolve("signer-key.pem"), dir.resolve("signer.pem"));
        assertThat(loaded.algorithm()).isEqualTo(SigningAlgorithm.ES256);
        assertThat(loaded.chain()).hasSize(2);
        byte[] file = new ContentCredentials(loaded, new SplittableRandom(3))
                .embed(
                        ProvenanceFixtures.encoded(dev.easel.media.OutputFormat.PNG),
                        dev.easel.media.OutputFormat.PNG,
                        ProvenanceFixtures.CREATED);
        assertThat(new ManifestVerifier(java.util.List.of(loaded.chain().get(1)), ProvenanceFixtures.CLOCK)
                        .verify(file)
                        .trusted())
                .isTrue();
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedBeforeSigningAnything() throws IOException {
        Signer.localCa(dir, new SplittableRandom(1), ProvenanceFixtures.CLOCK);
        assertThatThrownBy(() -> Signer.load(dir.resolve("ca-key.pem"), dir.resolve("signer.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to the first certificate");
        Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        assertThatThrownBy(() -> Signer.load(dir.resolve("empty.pem"), dir.resolve("signer.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no unencrypted PEM private key");
        assertThatThrownBy(() -> Signer.load(dir.resolve("signer-key.pem"), dir.resolve("empty.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no PEM certificate");
    }

    @Test
    void theSameSeedAndClockMakeTheSameCertificates() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other"));
        Path one = Files.createDirectories(dir.resolve("one"));
        Signer a = Signer.localCa(one, new SplittableRandom(5), ProvenanceFixtures.CLOCK.withZone(ZoneOffset.UTC));
        Signer b = Signer.localCa(other, new SplittableRandom(5), ProvenanceFixtures.CLOCK);
        assertThat(a.chain().get(1).getSerialNumber())
                .isEqualTo(b.chain().get(1).getSerialNumber());
        assertThat(a.chain().get(1).getPublicKey()).isEqualTo(b.chain().get(1).getPublicKey());
    }
}
