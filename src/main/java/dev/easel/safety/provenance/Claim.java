package dev.easel.safety.provenance;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What one manifest states about the file it is embedded in: which software made it and how —
 * {@link Created} from nothing but a prompt, or {@link Edited} from a source image, which the
 * manifest names as its parent ingredient.
 *
 * @param generator the claim generator's name, e.g. "Easel"
 * @param version its version
 */
public record Claim(String generator, String version, Origin origin) {
    public Claim {
        Objects.requireNonNull(origin, "origin");
        if (generator.isBlank() || version.isBlank()) {
            throw new IllegalArgumentException("the claim generator needs a name and a version");
        }
    }

    /** How the picture came to be. */
    public sealed interface Origin permits Created, Edited {
        DigitalSourceType sourceType();
    }

    /** A {@code c2pa.created} action. */
    public record Created(DigitalSourceType sourceType) implements Origin {
        public Created {
            Objects.requireNonNull(sourceType, "sourceType");
        }
    }

    /** {@code c2pa.opened} of the source, then {@code c2pa.edited}. */
    public record Edited(DigitalSourceType sourceType, Ingredient source) implements Origin {
        public Edited {
            Objects.requireNonNull(sourceType, "sourceType");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * The image an edit started from, as the manifest's {@code parentOf} ingredient.
     *
     * @param title what to call it, e.g. an image id or "input image"
     * @param identifier a unique identifier of that very picture, e.g. {@code sha256:HEX} of its
     *     pixels (the manifest's ingredient {@code instanceID})
     */
    public record Ingredient(String title, String identifier) {
        public Ingredient {
            if (title.isBlank() || identifier.isBlank()) {
                throw new IllegalArgumentException("an ingredient needs a title and an identifier");
            }
        }

        /** The ingredient identified by the SHA-256 of {@code content} (e.g. its RGB pixels), as {@code kind-sha256:HEX}. */
        public static Ingredient hashed(String title, String kind, byte[] content) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
                return new Ingredient(title, kind + "-sha256:" + HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this Java has no SHA-256", e);
            }
        }
    }
}
