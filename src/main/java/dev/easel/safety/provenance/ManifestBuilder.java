package dev.easel.safety.provenance;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One manifest store, as embedded in one file: a single standard manifest whose assertion store
 * holds the actions ({@code c2pa.actions.v2}), for an edit the parent ingredient
 * ({@code c2pa.ingredient.v3}) and the hard binding ({@code c2pa.hash.data}); a v2 claim
 * ({@code c2pa.claim.v2}) referencing each by hash; and the claim's COSE_Sign1 signature.
 *
 * <p>The store's size depends on the exclusion numbers only, never on the hash or the signature
 * (both of fixed length), which is what lets {@link ContentCredentials} reserve its room in the
 * file before hashing the file.
 */
final class ManifestBuilder {
    static final String ALG = "sha256";
    static final int HASH_LENGTH = 32;

    private final Claim claim;
    private final String label;
    private final String instanceId;
    private final Signer signer;
    /** The assertions other than the hard binding: fixed for this manifest, built once. */
    private final List<Assertion> fixed;

    private record Assertion(String label, byte[] box) {}

    /**
     * @param label the manifest's label, {@code urn:c2pa:UUID}
     * @param instanceId the claim's {@code instanceID}, {@code xmp:iid:UUID}
     */
    ManifestBuilder(Claim claim, String label, String instanceId, Signer signer) {
        this.claim = claim;
        this.label = label;
        this.instanceId = instanceId;
        this.signer = signer;
        List<Assertion> assertions = new ArrayList<>();
        ObjectNode agent = Cbor.map().put("name", claim.generator()).put("version", claim.version());
        ArrayNode actions = Cbor.MAPPER.createArrayNode();
        switch (claim.origin()) {
            case Claim.Created created ->
                actions.addObject()
                        .put("action", "c2pa.created")
                        .put("digitalSourceType", created.sourceType().uri())
                        .set("softwareAgent", agent);
            case Claim.Edited edited -> {
                ObjectNode ingredient = Cbor.map()
                        .put("dc:title", edited.source().title())
                        .put("relationship", "parentOf")
                        .put("instanceID", edited.source().identifier());
                Assertion source = assertion(C2paIds.INGREDIENT_V3, Cbor.write(ingredient));
                assertions.add(source);
                ObjectNode opened = actions.addObject().put("action", "c2pa.opened");
                opened.putObject("parameters").putArray("ingredients").add(hashedUri(source));
                actions.addObject()
                        .put("action", "c2pa.edited")
                        .put("digitalSourceType", edited.sourceType().uri())
                        .set("softwareAgent", agent.deepCopy());
            }
        }
        ObjectNode actionsAssertion = Cbor.map();
        actionsAssertion.set("actions", actions);
        assertions.add(assertion(C2paIds.ACTIONS_V2, Cbor.write(actionsAssertion)));
        this.fixed = List.copyOf(assertions);
    }

    /** The store with a zero hash and a placeholder signature: the size {@link #build} will have. */
    byte[] measure(List<Exclusion> exclusions) {
        return build(exclusions, new byte[HASH_LENGTH], false);
    }

    /** The signed store binding the file's bytes outside {@code exclusions}, whose SHA-256 is {@code hash}. */
    byte[] sign(List<Exclusion> exclusions, byte[] hash) {
        return build(exclusions, hash, true);
    }

    private byte[] build(List<Exclusion> exclusions, byte[] hash, boolean sign) {
        List<Assertion> assertions = new ArrayList<>(fixed);
        assertions.add(assertion(C2paIds.DATA_HASH, Cbor.write(dataHash(exclusions, hash))));
        ObjectNode claimMap = Cbor.map().put("instanceID", instanceId);
        claimMap.putObject("claim_generator_info")
                .put("name", claim.generator())
                .put("version", claim.version());
        claimMap.put("signature", "self#jumbf=" + C2paIds.SIGNATURE_LABEL);
        ArrayNode created = claimMap.putArray("created_assertions");
        for (Assertion a : assertions) {
            created.add(hashedUri(a));
        }
        claimMap.put("alg", ALG);
        byte[] claimCbor = Cbor.write(claimMap);
        byte[] header = Cose.protectedHeader(signer.algorithm(), signer.chain());
        byte[] signature = sign ? signer.sign(Cose.toBeSigned(header, claimCbor)) : new byte[signer.signatureLength()];
        byte[][] boxes = assertions.stream().map(Assertion::box).toArray(byte[][]::new);
        byte[] manifest = Jumbf.superbox(
                C2paIds.MANIFEST,
                label,
                Jumbf.superbox(C2paIds.ASSERTION_STORE, C2paIds.ASSERTIONS_LABEL, boxes),
                Jumbf.superbox(C2paIds.CLAIM, C2paIds.CLAIM_V2_LABEL, Jumbf.cbor(claimCbor)),
                Jumbf.superbox(C2paIds.SIGNATURE, C2paIds.SIGNATURE_LABEL, Jumbf.cbor(Cose.sign1(header, signature))));
        return Jumbf.superbox(C2paIds.MANIFEST_STORE, C2paIds.STORE_LABEL, manifest);
    }

    private static ObjectNode dataHash(List<Exclusion> exclusions, byte[] hash) {
        ObjectNode map = Cbor.map();
        ArrayNode list = map.putArray("exclusions");
        for (Exclusion e : exclusions) {
            list.addObject().put("start", e.start()).put("length", e.length());
        }
        return map.put("name", "jumbf manifest")
                .put("alg", ALG)
                .put("hash", hash)
                .put("pad", new byte[0]);
    }

    private static Assertion assertion(String label, byte[] cbor) {
        return new Assertion(label, Jumbf.superbox(C2paIds.CBOR_ASSERTION, label, Jumbf.cbor(cbor)));
    }

    /** {@code {url, hash}}: the hash covers the assertion's superbox without its 8-byte header. */
    private static ObjectNode hashedUri(Assertion a) {
        byte[] box = a.box();
        return Cbor.map()
                .put("url", C2paIds.assertionUri(a.label()))
                .put("hash", sha256(box, Jumbf.HEADER, box.length - Jumbf.HEADER));
    }

    static byte[] sha256(byte[] data, int offset, int length) {
        MessageDigest digest = sha256();
        digest.update(data, offset, length);
        return digest.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
