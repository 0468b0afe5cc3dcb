package dev.easel.safety.provenance;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Who signs the manifests: a private key and its certificate chain (the signing certificate
 * first, then the CAs above it). Thread-safe: each signature gets its own {@link Signature}.
 */
public final class Signer {
    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final SigningAlgorithm algorithm;

    Signer(PrivateKey key, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a signer needs its certificate");
        }
        this.key = key;
        this.chain = List.copyOf(chain);
        this.algorithm = SigningAlgorithm.of(chain.getFirst().getPublicKey());
        byte[] probe = "easel".getBytes(StandardCharsets.US_ASCII);
        if (!Cose.verifyRaw(algorithm, chain.getFirst().getPublicKey(), probe, sign(probe))) {
            throw new IllegalArgumentException("the signing key does not belong to the first certificate of the chain ("
                    + chain.getFirst().getSubjectX500Principal().getName() + ")");
        }
    }

    /**
     * The key and chain from PEM files: the key as PKCS#8 ({@code PRIVATE KEY}) or SEC1
     * ({@code EC PRIVATE KEY}) or PKCS#1 ({@code RSA PRIVATE KEY}), unencrypted; the certificate
     * file holds the signing certificate and then, optionally, the CAs above it.
     *
     * @throws IllegalArgumentException saying what is wrong with the files (never their content)
     */
    public static Signer load(Path keyFile, Path certificateFile) throws IOException {
        PrivateKey key = readKey(keyFile);
        List<X509Certificate> chain = readCertificates(Files.readString(certificateFile, StandardCharsets.US_ASCII));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(certificateFile + " holds no PEM certificate");
        }
        try {
            return new Signer(key, chain);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(keyFile + " and " + certificateFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The signer of this server's own local CA in {@code dir} (e.g. {@code data/c2pa}), made on
     * first use: a CA certificate and a signing certificate it issues, each with a P-256 key, the
     * keys readable by this user only. The signing certificate is issued anew when it nears its end.
     */
    public static Signer localCa(Path dir, RandomGenerator random, Clock clock) throws IOException {
        return LocalCa.signer(dir, random, clock);
    }

    /**
     * The raw signature of {@code data} (P1363 for ECDSA). ECDSA is deterministic (RFC 6979, BouncyCastle's
     * HMAC-DRBG nonce), so a file signed twice alike is the same file; Ed25519 is deterministic anyway and
     * PS256 draws its salt from the platform's SecureRandom.
     */
    byte[] sign(byte[] data) {
        if (algorithm == SigningAlgorithm.ES256
                || algorithm == SigningAlgorithm.ES384
                || algorithm == SigningAlgorithm.ES512) {
            return deterministicEcdsa(data);
        }
        try {
            Signature s = algorithm.signature();
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with " + algorithm + " failed", e);
        }
    }

    private byte[] deterministicEcdsa(byte[] data) {
        try {
            String digestName = switch (algorithm) {
                case ES384 -> "SHA-384";
                case ES512 -> "SHA-512";
                default -> "SHA-256";
            };
            org.bouncycastle.crypto.Digest nonceDigest = switch (algorithm) {
                case ES384 -> new org.bouncycastle.crypto.digests.SHA384Digest();
                case ES512 -> new org.bouncycastle.crypto.digests.SHA512Digest();
                default -> new org.bouncycastle.crypto.digests.SHA256Digest();
            };
            var params = (org.bouncycastle.crypto.params.ECPrivateKeyParameters)
                    org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil.generatePrivateKeyParameter(key);
            var ecdsa = new org.bouncycastle.crypto.signers.ECDSASigner(
                    new org.bouncycastle.crypto.signers.HMacDSAKCalculator(nonceDigest));
            ecdsa.init(true, params);
            java.math.BigInteger[] rs = ecdsa.generateSignature(
                    java.security.MessageDigest.getInstance(digestName).digest(data));
            int size = (params.getParameters().getN().bitLength() + 7) / 8;
            byte[] out = new byte[2 * size];
            org.bouncycastle.util.BigIntegers.asUnsignedByteArray(rs[0], out, 0, size);
            org.bouncycastle.util.BigIntegers.asUnsignedByteArray(rs[1], out, size, size);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with " + algorithm + " failed", e);
        }
    }

    SigningAlgorithm algorithm() {
        return algorithm;
    }

    int signatureLength() {
        return algorithm.signatureLength(chain.getFirst().getPublicKey());
    }

    /** The signing certificate first, then the CAs above it, as they go into the manifest. */
    public List<X509Certificate> chain() {
        return chain;
    }

    private static PrivateKey readKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser pem = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            }
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw new IllegalArgumentException(file + " is not a readable PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(
                file + " holds no unencrypted PEM private key (PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)");
    }

    static List<X509Certificate> readCertificates(String pemText) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser pem = new PEMParser(new StringReader(pemText))) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    out.add(converter.getCertificate(holder));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("a PEM certificate could not be read: " + e.getMessage(), e);
        }
        return out;
    }
}
