package dev.easel.safety.provenance;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Optional;

/**
 * The COSE signature algorithms C2PA allows, with their COSE identifiers and their JCA signatures.
 * ECDSA signatures are raw {@code r || s} (IEEE P1363), as COSE requires, not DER.
 */
enum SigningAlgorithm {
    ES256(-7, "SHA256withECDSAinP1363Format", "SHA-256"),
    ES384(-35, "SHA384withECDSAinP1363Format", "SHA-384"),
    ES512(-36, "SHA512withECDSAinP1363Format", "SHA-512"),
    PS256(-37, "RSASSA-PSS", "SHA-256"),
    ED25519(-8, "Ed25519", "");

    final int coseId;
    private final String jcaName;
    private final String digest;

    SigningAlgorithm(int coseId, String jcaName, String digest) {
        this.coseId = coseId;
        this.jcaName = jcaName;
        this.digest = digest;
    }

    Signature signature() throws GeneralSecurityException {
        Signature s = Signature.getInstance(jcaName);
        if (this == PS256) {
            s.setParameter(new PSSParameterSpec(digest, "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        }
        return s;
    }

    static Optional<SigningAlgorithm> ofCose(long id) {
        for (SigningAlgorithm a : values()) {
            if (a.coseId == id) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The algorithm a key signs with: ECDSA by its curve, RSA as PSS, Ed25519. */
    static SigningAlgorithm of(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return switch (ec.getParams().getCurve().getField().getFieldSize()) {
                case 256 -> ES256;
                case 384 -> ES384;
                case 521 -> ES512;
                default ->
                    throw new IllegalArgumentException(
                            "C2PA signs with the P-256, P-384 or P-521 curves; this key is on another curve");
            };
        }
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("C2PA needs RSA keys of at least 2048 bits");
            }
            return PS256;
        }
        if (key.getAlgorithm().equals("EdDSA") || key.getAlgorithm().equals("Ed25519")) {
            return ED25519;
        }
        throw new IllegalArgumentException("C2PA signs with EC, RSA or Ed25519 keys, not " + key.getAlgorithm());
    }

    /** The signature's length in bytes, the same for every signature of this key (so a manifest's size is known before signing). */
    int signatureLength(PublicKey key) {
        return switch (this) {
            case ES256 -> 64;
            case ES384 -> 96;
            case ES512 -> 132;
            case PS256 -> (((RSAPublicKey) key).getModulus().bitLength() + 7) / 8;
            case ED25519 -> 64;
        };
    }
}
