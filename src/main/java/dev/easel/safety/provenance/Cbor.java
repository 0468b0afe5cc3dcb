package dev.easel.safety.provenance;

import java.io.ByteArrayOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.cbor.CBORGenerator;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * CBOR through Jackson's CBOR format: manifests' maps are built as trees (definite lengths,
 * shortest integers, byte strings for {@code byte[]}); COSE's integer keys and tag are written
 * with the streaming generator ({@link Cose}).
 */
final class Cbor {
    static final CBORMapper MAPPER = CBORMapper.builder().build();

    private Cbor() {}

    static ObjectNode map() {
        return MAPPER.createObjectNode();
    }

    static byte[] write(JsonNode tree) {
        return MAPPER.writeValueAsBytes(tree);
    }

    /** @throws ManifestFormatException if the bytes are not one CBOR item */
    static JsonNode read(byte[] cbor) {
        try {
            JsonNode node = MAPPER.readTree(cbor);
            if (node == null || node.isMissingNode()) {
                throw new ManifestFormatException("empty CBOR");
            }
            return node;
        } catch (JacksonException e) {
            throw new ManifestFormatException("malformed CBOR: " + e.getOriginalMessage());
        }
    }

    /** A streaming generator over {@code out}, for what trees cannot say (integer keys, tags). */
    static CBORGenerator generator(ByteArrayOutputStream out) {
        return (CBORGenerator) MAPPER.createGenerator(out);
    }
}
