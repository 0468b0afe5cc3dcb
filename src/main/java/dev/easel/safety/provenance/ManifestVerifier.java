package dev.easel.safety.provenance;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads and checks the C2PA manifest a PNG, JPEG or WebP file carries: the active manifest's
 * JUMBF structure, its claim (v2, or v1 of C2PA 1.x), the COSE_Sign1 signature against the
 * certificate chain it embeds, the chain itself and the signing certificate's C2PA profile, every
 * referenced assertion's hash, and the data hash binding the file's bytes. Ingredients' own
 * manifests are not followed. Thread-safe.
 */
public final class ManifestVerifier {
    /** Extended key usages C2PA (§14.5.1) accepts for claim signing. */
    private static final Set<String> SIGNING_EKUS = Set.of(
            "1.3.6.1.5.5.7.3.4", // emailProtection
            "1.3.6.1.5.5.7.3.36", // documentSigning
            "1.3.6.1.4.1.62558.2.1"); // c2pa-kp-claimSigning

    private final List<X509Certificate> anchors;
    private final Clock clock;

    /**
     * @param trustAnchors the CA certificates whose chains count as trusted (e.g. the server's own
     *     local CA); none: nothing is trusted, and reports say so without failing validity
     * @param clock certificates are checked for validity at its instant (no time-stamps are read)
     */
    public ManifestVerifier(Collection<X509Certificate> trustAnchors, Clock clock) {
        this.anchors = List.copyOf(trustAnchors);
        this.clock = clock;
    }

    public ManifestReport verify(byte[] file) {
        Optional<Embedding> embedding = Embedding.sniff(file);
        if (embedding.isEmpty()) {
            return ManifestReport.absent("manifest.missing: not a PNG, JPEG or WebP file");
        }
        Optional<Embedding.Found> found;
        try {
            found = embedding.get().find(file);
        } catch (ManifestFormatException e) {
            return ManifestReport.absent("manifest.missing: the file is malformed (" + e.getMessage() + ")");
        }
        if (found.isEmpty()) {
            return ManifestReport.absent("manifest.missing: the file carries no C2PA manifest store");
        }
        Check check = new Check();
        try {
            check.run(file, found.get().store());
        } catch (ManifestFormatException e) {
            check.fail("claim.malformed", e.getMessage());
        }
        return new ManifestReport(
                true,
                check.reasons.isEmpty(),
                check.reasons.isEmpty() && check.trusted,
                check.reasons,
                check.generator,
                check.actions,
                check.subject);
    }

    /** One verification's findings. */
    private final class Check {
        final List<String> reasons = new ArrayList<>();
        final List<ManifestReport.Action> actions = new ArrayList<>();
        String generator = "";
        String subject = "";
        boolean trusted;

        void fail(String code, String explanation) {
            reasons.add(code + ": " + explanation);
        }

        void run(byte[] file, byte[] storeBytes) {
            Jumbf.Superbox store = Jumbf.parse(storeBytes);
            if (!store.is(C2paIds.MANIFEST_STORE)) {
                throw new ManifestFormatException("the outer JUMBF box is not a C2PA manifest store");
            }
            List<Jumbf.Superbox> manifests = store.children().stream()
                    .filter(m -> m.is(C2paIds.MANIFEST))
                    .toList();
            if (manifests.isEmpty()) {
                fail("claim.missing", "the manifest store holds no standard manifest");
                return;
            }
            Jumbf.Superbox manifest = manifests.getLast();
            Optional<Jumbf.Superbox> claimBox = manifest.child(C2paIds.CLAIM);
            Optional<byte[]> claimBytes = claimBox.flatMap(b -> b.content("cbor"));
            if (claimBytes.isEmpty()) {
                fail("claim.missing", "the active manifest has no claim");
                return;
            }
            boolean v2 = claimBox.get().label().equals(C2paIds.CLAIM_V2_LABEL);
            JsonNode claim = Cbor.read(claimBytes.get());
            generator = generator(claim, v2);
            checkSignature(manifest, claimBytes.get());
            Jumbf.Superbox assertions = manifest.child(C2paIds.ASSERTION_STORE)
                    .orElseThrow(() -> new ManifestFormatException("the active manifest has no assertion store"));
            String defaultAlg = claim.path("alg").asString("sha256");
            List<JsonNode> refs = new ArrayList<>();
            claim.path(v2 ? "created_assertions" : "assertions").forEach(refs::add);
            claim.path("gathered_assertions").forEach(refs::add);
            boolean hardBinding = false;
            for (JsonNode ref : refs) {
                String url = ref.path("url").asString("");
                Optional<Jumbf.Superbox> assertion = resolve(manifest, assertions, url);
                if (assertion.isEmpty()) {
                    fail("assertion.missing", url + " is not in the manifest");
                    continue;
                }
                byte[] expected = ref.path("hash").isBinary() ? ref.path("hash").binaryValue() : new byte[0];
                byte[] actual = digest(ref.path("alg").asString(defaultAlg))
                        .digest(assertion.get().withoutHeader());
                if (!MessageDigest.isEqual(expected, actual)) {
                    fail("assertion.hashedURI.mismatch", url + " does not match its hash in the claim");
                    continue;
                }
                String label = baseLabel(assertion.get().label());
                JsonNode content = Cbor.read(assertion
                        .get()
                        .content("cbor")
                        .orElseThrow(() -> new ManifestFormatException(label + " has no CBOR content")));
                if (label.equals(C2paIds.ACTIONS_V2) || label.equals(C2paIds.ACTIONS_V1)) {
                    for (JsonNode action : content.path("actions")) {
                        JsonNode type = action.path("digitalSourceType");
                        actions.add(new ManifestReport.Action(
                                action.path("action").asString(""),
                                type.isString() ? Optional.of(type.asString()) : Optional.empty()));
                    }
                } else if (label.equals(C2paIds.DATA_HASH)) {
                    hardBinding = true;
                    checkDataHash(file, content, defaultAlg);
                }
            }
            if (!hardBinding) {
                fail("claim.hardBindings.missing", "the claim has no data hash binding it to the file");
            }
        }

        private void checkSignature(Jumbf.Superbox manifest, byte[] claimBytes) {
            Optional<byte[]> cose = manifest.child(C2paIds.SIGNATURE).flatMap(b -> b.content("cbor"));
            if (cose.isEmpty()) {
                fail("claimSignature.missing", "the active manifest has no claim signature");
                return;
            }
            Cose.Sign1 sign1 = Cose.parse(cose.get());
            X509Certificate leaf = sign1.chain().getFirst();
            subject = leaf.getSubjectX500Principal().getName();
            Optional<SigningAlgorithm> alg = SigningAlgorithm.ofCose(sign1.algorithm());
            if (alg.isEmpty()) {
                fail("algorithm.unsupported", "COSE algorithm " + sign1.algorithm() + " is not one C2PA allows");
                return;
            }
            byte[] signed = Cose.toBeSigned(sign1.protectedHeader(), claimBytes);
            if (!Cose.verifyRaw(alg.get(), leaf.getPublicKey(), signed, sign1.signature())) {
                fail("claimSignature.mismatch", "the claim's signature does not verify with its certificate");
            }
            checkChain(sign1.chain());
        }

        private void checkChain(List<X509Certificate> chain) {
            X509Certificate leaf = chain.getFirst();
            if (leaf.getBasicConstraints() >= 0) {
                fail("signingCredential.invalid", "the signing certificate is a CA certificate");
            }
            if (leaf.getIssuerX500Principal().equals(leaf.getSubjectX500Principal())) {
                fail("signingCredential.invalid", "the signing certificate is self-signed");
            }
            boolean[] usage = leaf.getKeyUsage();
            if (usage == null || !usage[0]) {
                fail("signingCredential.invalid", "the signing certificate's key usage lacks digitalSignature");
            }
            try {
                List<String> ekus = leaf.getExtendedKeyUsage();
                if (ekus == null || ekus.stream().noneMatch(SIGNING_EKUS::contains)) {
                    fail(
                            "signingCredential.invalid",
                            "the signing certificate's extended key usage allows no claim signing");
                }
            } catch (CertificateParsingException e) {
                fail("signingCredential.invalid", "the signing certificate's extended key usage is unreadable");
            }
            Date now = Date.from(clock.instant());
            for (X509Certificate c : chain) {
                if (now.before(c.getNotBefore()) || now.after(c.getNotAfter())) {
                    fail(
                            "signingCredential.expired",
                            c.getSubjectX500Principal().getName() + " is not valid now");
                }
            }
            for (int i = 0; i + 1 < chain.size(); i++) {
                if (!signedBy(chain.get(i), chain.get(i + 1))) {
                    fail("signingCredential.invalid", "the certificate chain is broken after certificate " + i);
                }
            }
            X509Certificate top = chain.getLast();
            trusted = anchors.stream().anyMatch(a -> chain.contains(a) || signedBy(top, a));
        }

        private void checkDataHash(byte[] file, JsonNode content, String defaultAlg) {
            List<Exclusion> exclusions = new ArrayList<>();
            for (JsonNode e : content.path("exclusions")) {
                exclusions.add(new Exclusion(
                        e.path("start").asLong(-1), e.path("length").asLong(-1)));
            }
            byte[] expected =
                    content.path("hash").isBinary() ? content.path("hash").binaryValue() : new byte[0];
            String alg = content.path("alg").asString(defaultAlg);
            byte[] actual = Exclusion.hash(file, exclusions, digest(alg));
            if (!MessageDigest.isEqual(expected, actual)) {
                fail("assertion.dataHash.mismatch", "the file's bytes are not the ones the manifest signed");
            }
        }
    }

    /** The assertion a claim's {@code self#jumbf=} URL names, in this manifest only. */
    private static Optional<Jumbf.Superbox> resolve(Jumbf.Superbox manifest, Jumbf.Superbox assertions, String url) {
        if (!url.startsWith("self#jumbf=")) {
            return Optional.empty();
        }
        String path = url.substring("self#jumbf=".length());
        String own = "/c2pa/" + manifest.label() + "/";
        if (path.startsWith(own)) {
            path = path.substring(own.length());
        }
        String prefix = C2paIds.ASSERTIONS_LABEL + "/";
        return path.startsWith(prefix) ? assertions.child(path.substring(prefix.length())) : Optional.empty();
    }

    /** {@code c2pa.hash.data__1} → {@code c2pa.hash.data}: several assertions of a kind get a suffix. */
    private static String baseLabel(String label) {
        int suffix = label.indexOf("__");
        return suffix < 0 ? label : label.substring(0, suffix);
    }

    private static String generator(JsonNode claim, boolean v2) {
        JsonNode info = claim.path("claim_generator_info");
        if (info.isArray() && !info.isEmpty()) {
            info = info.get(0);
        }
        if (info.isObject() && info.path("name").isString()) {
            String version = info.path("version").asString("");
            return info.path("name").asString() + (version.isEmpty() ? "" : "/" + version);
        }
        return v2 ? "" : claim.path("claim_generator").asString("");
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static MessageDigest digest(String alg) {
        String name = switch (alg) {
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> throw new ManifestFormatException("hash algorithm '" + alg + "' is not one C2PA allows");
        };
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no " + name, e);
        }
    }
}
