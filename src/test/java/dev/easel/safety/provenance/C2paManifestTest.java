package dev.easel.safety.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.media.OutputFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** The manifest store Easel embeds, read back box by box. */
class C2paManifestTest {
    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void oneManifestOfAssertionsClaimAndSignature(OutputFormat format) {
        Jumbf.Superbox store = store(format, ProvenanceFixtures.signed(format));
        assertThat(store.is(C2paIds.MANIFEST_STORE)).isTrue();
        assertThat(store.label()).isEqualTo("c2pa");
        assertThat(store.children()).hasSize(1);
        Jumbf.Superbox manifest = store.children().getFirst();
        assertThat(manifest.is(C2paIds.MANIFEST)).isTrue();
        assertThat(manifest.label())
                .matches("urn:c2pa:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(manifest.children())
                .extracting(Jumbf.Superbox::label)
                .containsExactly("c2pa.assertions", "c2pa.claim.v2", "c2pa.signature");
        assertThat(manifest.child("c2pa.assertions").orElseThrow().children())
                .extracting(Jumbf.Superbox::label)
                .containsExactly("c2pa.actions.v2", "c2pa.hash.data");
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void theClaimReferencesEachAssertionByTheHashOfItsBox(OutputFormat format) {
        Jumbf.Superbox manifest =
                store(format, ProvenanceFixtures.signed(format)).children().getFirst();
        byte[] claimBytes =
                manifest.child("c2pa.claim.v2").orElseThrow().content("cbor").orElseThrow();
        assertThat(claimBytes[0] & 0xFF).as("a definite-length map of 5").isEqualTo(0xA5);
        JsonNode claim = Cbor.read(claimBytes);
        assertThat(claim.path("instanceID").asString()).startsWith("xmp:iid:");
        assertThat(claim.path("claim_generator_info").path("name").asString()).isEqualTo("Easel");
        assertThat(claim.path("claim_generator_info").path("version").asString())
                .isEqualTo("1.2.3");
        assertThat(claim.path("signature").asString()).isEqualTo("self#jumbf=c2pa.signature");
        assertThat(claim.path("alg").asString()).isEqualTo("sha256");
        Jumbf.Superbox assertions = manifest.child("c2pa.assertions").orElseThrow();
        List<JsonNode> refs = StreamSupport.stream(
                        claim.path("created_assertions").spliterator(), false)
                .toList();
        assertThat(refs)
                .extracting(r -> r.path("url").asString())
                .containsExactly(
                        "self#jumbf=c2pa.assertions/c2pa.actions.v2", "self#jumbf=c2pa.assertions/c2pa.hash.data");
        for (JsonNode ref : refs) {
            String label = ref.path("url").asString().substring("self#jumbf=c2pa.assertions/".length());
            byte[] box = assertions.child(label).orElseThrow().withoutHeader();
            assertThat(ref.path("hash").binaryValue()).isEqualTo(sha256(box));
        }
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void theActionSaysCreatedByEaselAsTrainedAlgorithmicMedia(OutputFormat format) {
        JsonNode actions = assertion(format, ProvenanceFixtures.signed(format), "c2pa.actions.v2");
        assertThat(actions.path("actions")).hasSize(1);
        JsonNode created = actions.path("actions").get(0);
        assertThat(created.path("action").asString()).isEqualTo("c2pa.created");
        assertThat(created.path("digitalSourceType").asString())
                .isEqualTo("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");
        assertThat(created.path("softwareAgent").path("name").asString()).isEqualTo("Easel");
        assertThat(created.path("softwareAgent").path("version").asString()).isEqualTo("1.2.3");
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void anEditOpensItsSourceIngredientThenEdits(OutputFormat format) {
        byte[] file = ProvenanceFixtures.credentials()
                .embed(ProvenanceFixtures.encoded(format), format, ProvenanceFixtures.edited());
        JsonNode ingredient = assertion(format, file, "c2pa.ingredient.v3");
        assertThat(ingredient.path("relationship").asString()).isEqualTo("parentOf");
        assertThat(ingredient.path("dc:title").asString()).isEqualTo("input image");
        assertThat(ingredient.path("instanceID").asString()).matches("rgb-sha256:[0-9a-f]{64}");
        JsonNode actions = assertion(format, file, "c2pa.actions.v2").path("actions");
        assertThat(actions).hasSize(2);
        assertThat(actions.get(0).path("action").asString()).isEqualTo("c2pa.opened");
        JsonNode ref = actions.get(0).path("parameters").path("ingredients").get(0);
        assertThat(ref.path("url").asString()).isEqualTo("self#jumbf=c2pa.assertions/c2pa.ingredient.v3");
        Jumbf.Superbox box = store(format, file)
                .children()
                .getFirst()
                .child("c2pa.assertions")
                .orElseThrow()
                .child("c2pa.ingredient.v3")
                .orElseThrow();
        assertThat(ref.path("hash").binaryValue()).isEqualTo(sha256(box.withoutHeader()));
        assertThat(actions.get(1).path("action").asString()).isEqualTo("c2pa.edited");
        assertThat(actions.get(1).path("digitalSourceType").asString())
                .endsWith("/compositeWithTrainedAlgorithmicMedia");
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void theHardBindingExcludesExactlyTheStoresContainer(OutputFormat format) {
        byte[] file = ProvenanceFixtures.signed(format);
        Embedding.Found found = Embedding.of(format).find(file).orElseThrow();
        JsonNode hash = assertion(format, file, "c2pa.hash.data");
        assertThat(hash.path("alg").asString()).isEqualTo("sha256");
        assertThat(hash.path("name").asString()).isEqualTo("jumbf manifest");
        assertThat(hash.path("pad").binaryValue()).isEmpty();
        assertThat(hash.path("exclusions")).hasSize(1);
        JsonNode exclusion = hash.path("exclusions").get(0);
        assertThat(exclusion.path("start").asLong()).isEqualTo(found.container().start());
        assertThat(exclusion.path("length").asLong())
                .isEqualTo(found.container().length());
        assertThat(hash.path("hash").binaryValue()).isEqualTo(Exclusion.hash(file, List.of(found.container())));
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void theSignatureIsATaggedCoseSign1WithTheChainProtected(OutputFormat format) {
        byte[] cose = store(format, ProvenanceFixtures.signed(format))
                .children()
                .getFirst()
                .child("c2pa.signature")
                .orElseThrow()
                .content("cbor")
                .orElseThrow();
        assertThat(cose[0] & 0xFF).as("tag 18").isEqualTo(0xD2);
        assertThat(cose[1] & 0xFF).as("an array of four").isEqualTo(0x84);
        Cose.Sign1 sign1 = Cose.parse(cose);
        assertThat(sign1.algorithm()).isEqualTo(-7);
        assertThat(sign1.chain()).isEqualTo(ProvenanceFixtures.signer().chain());
        assertThat(sign1.signature()).hasSize(64);
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void theFileStillDecodesToTheSamePicture(OutputFormat format) throws IOException {
        byte[] plain = ProvenanceFixtures.encoded(format);
        byte[] signed = ProvenanceFixtures.signed(format);
        var before = ImageIO.read(new ByteArrayInputStream(plain));
        var after = ImageIO.read(new ByteArrayInputStream(signed));
        assertThat(after).isNotNull();
        assertThat(after.getWidth()).isEqualTo(48);
        assertThat(after.getHeight()).isEqualTo(32);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                assertThat(after.getRGB(x, y)).isEqualTo(before.getRGB(x, y));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void signingAgainReplacesTheStoreRatherThanAddingOne(OutputFormat format) {
        byte[] once = ProvenanceFixtures.signed(format);
        byte[] twice = ProvenanceFixtures.credentials().embed(once, format, ProvenanceFixtures.CREATED);
        assertThat(twice).hasSize(once.length);
        assertThat(ProvenanceFixtures.verifier().verify(twice).valid()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void theSameSeedSignsTheSameFile(OutputFormat format) {
        // Deterministic ECDSA (RFC 6979) and seeded identifiers: servers seeded alike return the same bytes.
        assertThat(ProvenanceFixtures.signed(format)).isEqualTo(ProvenanceFixtures.signed(format));
    }

    @org.junit.jupiter.api.Test
    void aStoreTooBigForOneJpegSegmentIsSplitAndJoinedBack() {
        byte[] payload = new byte[150_000];
        new java.util.SplittableRandom(3).nextBytes(payload);
        byte[] store = Jumbf.superbox(C2paIds.MANIFEST_STORE, "c2pa", Jumbf.box("free", payload));
        JpegEmbedding jpeg = new JpegEmbedding();
        byte[] file = ProvenanceFixtures.encoded(OutputFormat.JPEG);
        Embedding.Reserved reserved = jpeg.reserve(file, store.length);
        assertThat(reserved.span()).isEqualTo(JpegEmbedding.span(store.length));
        byte[] filled = jpeg.fill(reserved, store);
        Embedding.Found found = jpeg.find(filled).orElseThrow();
        assertThat(found.store()).isEqualTo(store);
        assertThat(found.container()).isEqualTo(new Exclusion(reserved.at(), reserved.span()));
        int segments = 0;
        for (int i = reserved.at(); i < reserved.at() + reserved.span(); ) {
            assertThat(filled[i] & 0xFF).isEqualTo(0xFF);
            assertThat(filled[i + 1] & 0xFF).isEqualTo(JpegEmbedding.APP11);
            i += 2 + ((filled[i + 2] & 0xFF) << 8 | (filled[i + 3] & 0xFF));
            segments++;
        }
        assertThat(segments).isEqualTo(3);
    }

    private static Jumbf.Superbox store(OutputFormat format, byte[] file) {
        return Jumbf.parse(Embedding.of(format).find(file).orElseThrow().store());
    }

    private static JsonNode assertion(OutputFormat format, byte[] file, String label) {
        return Cbor.read(store(format, file)
                .children()
                .getFirst()
                .child("c2pa.assertions")
                .orElseThrow()
                .child(label)
                .orElseThrow()
                .content("cbor")
                .orElseThrow());
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
