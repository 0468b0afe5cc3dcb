package dev.easel.safety.provenance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.cbor.CBORGenerator;

/**
 * COSE_Sign1 (RFC 9052) as C2PA signs claims: tag 18 over {@code [protected, unprotected,
 * payload, signature]}, the payload detached (nil: it is the claim), the protected header holding
 * the algorithm (label 1) and the certificate chain ({@code x5chain}, label 33). The signature is
 * over the {@code Sig_structure} {@code ["Signature1", protected, h'', claim]}.
 */
final class Cose {
    static final int TAG_SIGN1 = 18;
    private static final int LABEL_ALG = 1;
    private static final int LABEL_X5CHAIN = 33;

    private Cose() {}

    /** The protected header's bytes: {@code {1: alg, 33: x5chain}}. */
    static byte[] protectedHeader(SigningAlgorithm algorithm, List<X509Certificate> chain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + chain.size() * 1024);
        try (CBORGenerator g = Cbor.generator(out)) {
            g.writeStartObject(null, 2);
            g.writePropertyId(LABEL_ALG);
            g.writeNumber(algorithm.coseId);
            g.writePropertyId(LABEL_X5CHAIN);
            if (chain.size() == 1) {
                g.writeBinary(der(chain.getFirst()));
            } else {
                g.writeStartArray(null, chain.size());
                for (X509Certificate c : chain) {
                    g.writeBinary(der(c));
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** What is signed: {@code ["Signature1", protected, h'', payload]}. */
    static byte[] toBeSigned(byte[] protectedHeader, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(protectedHeader.length + payload.length + 32);
        try (CBORGenerator g = Cbor.generator(out)) {
            g.writeStartArray(null, 4);
            g.writeString("Signature1");
            g.writeBinary(protectedHeader);
            g.writeBinary(new byte[0]);
            g.writeBinary(payload);
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    /** The tagged COSE_Sign1 with a detached payload and an empty unprotected header. */
    static byte[] sign1(byte[] protectedHeader, byte[] signature) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(protectedHeader.length + signature.length + 16);
        try (CBORGenerator g = Cbor.generator(out)) {
            g.writeTag(TAG_SIGN1);
            g.writeStartArray(null, 4);
            g.writeBinary(protectedHeader);
            g.writeStartObject(null, 0);
            g.writeEndObject();
            g.writeNull();
            g.writeBinary(signature);
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    /** A parsed COSE_Sign1: the protected header as sent, what it says, and the signature. */
    record Sign1(byte[] protectedHeader, long algorithm, List<X509Certificate> chain, byte[] signature) {}

    static Sign1 parse(byte[] cose) {
        JsonNode array = Cbor.read(cose);
        if (!array.isArray() || array.size() != 4) {
            throw new ManifestFormatException("the claim signature is not a COSE_Sign1 array of four");
        }
        byte[] protectedBytes = binary(array.get(0), "protected header");
        byte[] signature = binary(array.get(3), "signature");
        JsonNode header = Cbor.read(protectedBytes);
        JsonNode alg = header.get(String.valueOf(LABEL_ALG));
        if (alg == null || !alg.isIntegralNumber()) {
            throw new ManifestFormatException("the COSE protected header names no algorithm");
        }
        JsonNode x5chain = header.get(String.valueOf(LABEL_X5CHAIN));
        if (x5chain == null) {
            // C2PA 1.x allowed the chain in the unprotected header.
            x5chain = array.get(1).get(String.valueOf(LABEL_X5CHAIN));
        }
        if (x5chain == null) {
            throw new ManifestFormatException("the COSE signature carries no certificate chain (x5chain)");
        }
        List<X509Certificate> chain = new ArrayList<>();
        if (x5chain.isArray()) {
            for (JsonNode c : x5chain) {
                chain.add(certificate(binary(c, "certificate")));
            }
        } else {
            chain.add(certificate(binary(x5chain, "certificate")));
        }
        if (chain.isEmpty()) {
            throw new ManifestFormatException("the COSE certificate chain is empty");
        }
        return new Sign1(protectedBytes, alg.asLong(), List.copyOf(chain), signature);
    }

    static boolean verifyRaw(SigningAlgorithm algorithm, PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = algorithm.signature();
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] binary(JsonNode node, String what) {
        if (node == null || !node.isBinary()) {
            throw new ManifestFormatException("the COSE " + what + " is not a byte string");
        }
        return node.binaryValue();
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new ManifestFormatException("a certificate of the chain is not X.509 DER: " + e.getMessage());
        }
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a certificate of the chain cannot be encoded", e);
        }
    }
}
