package dev.easel.safety.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class C2paJumbfTest {
    @Test
    void aBoxIsItsLengthItsTypeAndItsPayload() {
        assertThat(HexFormat.of().formatHex(Jumbf.box("cbor", new byte[] {(byte) 0xA0})))
                .isEqualTo("0000000963626f72a0");
    }

    @Test
    void aSuperboxStartsWithItsDescription() {
        byte[] content = Jumbf.cbor(new byte[] {(byte) 0xA0});
        byte[] box = Jumbf.superbox(C2paIds.CLAIM, "c2pa.claim.v2", content);
        // jumb header, then jumd: length, type, UUID "c2cl" + ISO suffix, toggles 3, label, NUL.
        String hex = HexFormat.of().formatHex(box);
        int jumdLength = 8 + 16 + 1 + "c2pa.claim.v2".length() + 1;
        assertThat(hex)
                .startsWith(String.format("%08x", box.length) + "6a756d62" + String.format("%08x", jumdLength)
                        + "6a756d64" + "6332636c00110010800000aa00389b71" + "03"
                        + HexFormat.of().formatHex("c2pa.claim.v2".getBytes(StandardCharsets.US_ASCII)) + "00")
                .endsWith(HexFormat.of().formatHex(content));
        assertThat(box).hasSize(8 + jumdLength + content.length);
    }

    @Test
    void parsingGivesBackLabelsKindsContentsAndTheBytesClaimsHash() {
        byte[] inner = Jumbf.superbox(C2paIds.CBOR_ASSERTION, "c2pa.actions.v2", Jumbf.cbor(new byte[] {1, 2, 3}));
        byte[] outer = Jumbf.superbox(C2paIds.ASSERTION_STORE, "c2pa.assertions", inner);
        Jumbf.Superbox store = Jumbf.parse(outer);
        assertThat(store.is(C2paIds.ASSERTION_STORE)).isTrue();
        assertThat(store.label()).isEqualTo("c2pa.assertions");
        Jumbf.Superbox actions = store.child("c2pa.actions.v2").orElseThrow();
        assertThat(actions.is(C2paIds.CBOR_ASSERTION)).isTrue();
        assertThat(actions.content("cbor"))
                .hasValueSatisfying(c -> assertThat(c).containsExactly(1, 2, 3));
        assertThat(actions.withoutHeader()).isEqualTo(Arrays.copyOfRange(inner, 8, inner.length));
    }

    @Test
    void malformedBoxesAreRefusedNotMisread() {
        byte[] box = Jumbf.superbox(C2paIds.CLAIM, "c2pa.claim.v2", Jumbf.cbor(new byte[] {0}));
        byte[] longer = box.clone();
        longer[3]++; // one byte more than there is
        assertThatThrownBy(() -> Jumbf.parse(longer)).isInstanceOf(ManifestFormatException.class);
        assertThatThrownBy(() -> Jumbf.parse(Arrays.copyOf(box, box.length + 1)))
                .isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> Jumbf.parse(Jumbf.box("cbor", new byte[4])))
                .isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining("superbox");
        byte[] unterminated = box.clone();
        unterminated[8 + 8 + 17 + "c2pa.claim.v2".length()] = 'x'; // the label's NUL
        assertThatThrownBy(() -> Jumbf.parse(unterminated)).isInstanceOf(ManifestFormatException.class);
    }
}
