package dev.easel.safety.provenance;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.random.RandomGenerator;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's own certificate authority for content credentials, kept in its data folder: C2PA
 * validators refuse a self-signed signing certificate, so a CA certificate issues the one that
 * signs. The signing certificate has what C2PA's certificate profile (§14.5) asks of it: version
 * 3, key usage digitalSignature (critical), extended key usage documentSigning and
 * emailProtection, not a CA, subject and authority key identifiers, and an organisation in its
 * subject. Nobody trusts this CA but those who choose to (it is {@code ca.pem}).
 */
final class LocalCa {
    static final String CA_CERT = "ca.pem";
    static final String CA_KEY = "ca-key.pem";
    static final String SIGNER_CERT = "signer.pem";
    static final String SIGNER_KEY = "signer-key.pem";
    static final ASN1ObjectIdentifier DOCUMENT_SIGNING = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.36");

    private static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);
    private static final Duration SIGNER_VALIDITY = Duration.ofDays(2 * 365);
    /** A signing certificate this close to its end is replaced at start. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** Certificates start an hour early, for clocks that lag. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private static final X500Name CA_NAME = new X500Name("CN=Easel local content credentials CA,O=Easel self-hosted");
    private static final X500Name SIGNER_NAME = new X500Name("CN=Easel content credentials,O=Easel self-hosted");

    private LocalCa() {}

    static Signer signer(Path dir, RandomGenerator random, Clock clock) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own access rules apply
        }
        SecureRandom secure = secure(random);
        Instant now = clock.instant();
        Path caCert = dir.resolve(CA_CERT);
        Path caKey = dir.resolve(CA_KEY);
        X509Certificate ca;
        PrivateKey caPrivate;
        if (Files.exists(caCert) && Files.exists(caKey)) {
            Signer existing = Signer.load(caKey, caCert);
            ca = existing.chain().getFirst();
            caPrivate = readKey(caKey, caCert);
        } else {
            KeyPair pair = keyPair(secure);
            ca = caCertificate(pair, secure, now);
            caPrivate = pair.getPrivate();
            writePrivate(caKey, pem(new JcaPKCS8Generator(caPrivate, null)));
            writePublic(caCert, pem(ca));
        }
        Path signerCert = dir.resolve(SIGNER_CERT);
        Path signerKey = dir.resolve(SIGNER_KEY);
        if (Files.exists(signerCert) && Files.exists(signerKey)) {
            Signer existing = Signer.load(signerKey, signerCert);
            X509Certificate leaf = existing.chain().getFirst();
            if (issuedBy(leaf, ca) && leaf.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))) {
                return existing;
            }
        }
        KeyPair pair = keyPair(secure);
        X509Certificate leaf = signingCertificate(pair, ca, caPrivate, secure, now);
        writePrivate(signerKey, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
        writePublic(signerCert, pem(leaf) + pem(ca));
        return new Signer(pair.getPrivate(), List.of(leaf, ca));
    }

    private static PrivateKey readKey(Path key, Path cert) throws IOException {
        // Signer.load checked that the key is the certificate's; this reads it again for issuing.
        try (var reader = Files.newBufferedReader(key, StandardCharsets.US_ASCII);
                var parser = new org.bouncycastle.openssl.PEMParser(reader)) {
            Object o = parser.readObject();
            if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                return new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPrivateKey(info);
            }
        }
        throw new IllegalArgumentException(key + " is not the PKCS#8 key Easel wrote beside " + cert
                + "; delete both files to make a new local CA");
    }

    private static boolean issuedBy(X509Certificate leaf, X509Certificate ca) {
        try {
            leaf.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyPair keyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no P-256 key generator", e);
        }
    }

    private static X509Certificate caCertificate(KeyPair pair, SecureRandom random, Instant now) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    CA_NAME,
                    serial(random),
                    Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(CA_VALIDITY)),
                    CA_NAME,
                    pair.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
            return sign(builder, pair.getPrivate(), random);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("could not make the local CA certificate", e);
        }
    }

    private static X509Certificate signingCertificate(
            KeyPair pair, X509Certificate ca, PrivateKey caKey, SecureRandom random, Instant now) {
        try {
            Instant end = now.plus(SIGNER_VALIDITY);
            if (end.isAfter(ca.getNotAfter().toInstant())) {
                end = ca.getNotAfter().toInstant();
            }
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    ca, serial(random), Date.from(now.minus(BACKDATE)), Date.from(end), SIGNER_NAME, pair.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                KeyPurposeId.getInstance(DOCUMENT_SIGNING), KeyPurposeId.id_kp_emailProtection
            }));
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
            return sign(builder, caKey, random);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("could not issue the content credentials signing certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey, SecureRandom random)
            throws GeneralSecurityException {
        try {
            var contentSigner = new JcaContentSignerBuilder("SHA256withECDSA")
                    .setSecureRandom(random)
                    .build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** 127 random bits: positive, as RFC 5280 requires of serial numbers. */
    private static BigInteger serial(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[0] &= 0x7F;
        return new BigInteger(1, bytes).max(BigInteger.ONE);
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object instanceof JcaPKCS8Generator g ? g.generate() : object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Written whole (a temporary file moved into place), readable by this user only. */
    private static void writePrivate(Path file, String text) throws IOException {
        Path tmp;
        try {
            tmp = Files.createTempFile(
                    file.getParent(),
                    file.getFileName().toString(),
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        }
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writePublic(Path file, String text) throws IOException {
        writePrivate(file, text); // certificates are public, but the folder is the server's alone anyway
    }

    /** Key generation draws from {@code random} itself: a SecureRandom as is, any other (seeded tests) adapted. */
    private static SecureRandom secure(RandomGenerator random) {
        return random instanceof SecureRandom s ? s : new Adapted(random);
    }

    private static final class Adapted extends SecureRandom {
        private final transient RandomGenerator source;

        Adapted(RandomGenerator source) {
            this.source = source;
        }

        @Override
        public synchronized void nextBytes(byte[] bytes) {
            source.nextBytes(bytes);
        }
    }
}
