package dev.easel.safety.provenance;

import java.nio.charset.StandardCharsets;

/**
 * The JUMBF box UUIDs and labels of the C2PA specification (2.x, §11): each UUID is the box's
 * four-character code followed by the ISO base suffix {@code 0011-0010-8000-00AA00389B71}.
 */
final class C2paIds {
    /** Declared first: the UUIDs below are built from it. */
    private static final byte[] SUFFIX = {
        0x00, 0x11, 0x00, 0x10, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
    };

    static final byte[] MANIFEST_STORE = fourCc("c2pa");
    static final byte[] MANIFEST = fourCc("c2ma");
    static final byte[] ASSERTION_STORE = fourCc("c2as");
    static final byte[] CLAIM = fourCc("c2cl");
    static final byte[] SIGNATURE = fourCc("c2cs");
    /** An assertion whose content is one CBOR box. */
    static final byte[] CBOR_ASSERTION = fourCc("cbor");

    static final String STORE_LABEL = "c2pa";
    static final String ASSERTIONS_LABEL = "c2pa.assertions";
    static final String CLAIM_V2_LABEL = "c2pa.claim.v2";
    static final String CLAIM_V1_LABEL = "c2pa.claim";
    static final String SIGNATURE_LABEL = "c2pa.signature";
    static final String ACTIONS_V2 = "c2pa.actions.v2";
    static final String ACTIONS_V1 = "c2pa.actions";
    static final String INGREDIENT_V3 = "c2pa.ingredient.v3";
    static final String DATA_HASH = "c2pa.hash.data";

    private C2paIds() {}

    private static byte[] fourCc(String code) {
        byte[] uuid = new byte[16];
        System.arraycopy(code.getBytes(StandardCharsets.US_ASCII), 0, uuid, 0, 4);
        System.arraycopy(SUFFIX, 0, uuid, 4, SUFFIX.length);
        return uuid;
    }

    /** {@code self#jumbf=c2pa.assertions/LABEL}: an assertion of the same manifest, as claims reference it. */
    static String assertionUri(String label) {
        return "self#jumbf=" + ASSERTIONS_LABEL + "/" + label;
    }
}
