package dev.easel.safety.provenance;

import dev.easel.media.OutputFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * C2PA content credentials for the files Easel returns: each file gets a signed manifest saying
 * which software made it, how (created from a prompt, or edited from a source ingredient) and that
 * it is AI-generated media, bound to the file's every other byte by a hash (C2PA 2.x, claim v2).
 *
 * <p>Thread-safe. Cost per file: one pass of SHA-256 over it, one signature and a few kilobytes of
 * CBOR and JUMBF.
 */
public final class ContentCredentials {
    /** Sizes of a store can change with the exclusion numbers' CBOR width; this settles in two or three passes. */
    private static final int MAX_LAYOUT_PASSES = 6;

    private final Signer signer;
    private final RandomGenerator random;

    /** @param random draws the manifests' identifiers (labels and instance ids) */
    public ContentCredentials(Signer signer, RandomGenerator random) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Signer signer() {
        return signer;
    }

    /**
     * The encoded image with its manifest store embedded: still a valid file of its format, which
     * image readers decode to the same pixels.
     *
     * @throws IllegalArgumentException if {@code encoded} is not a file of {@code format}
     */
    public byte[] embed(byte[] encoded, OutputFormat format, Claim claim) {
        Embedding embedding = Embedding.of(format);
        ManifestBuilder manifest = new ManifestBuilder(claim, "urn:c2pa:" + uuid(), "xmp:iid:" + uuid(), signer);
        try {
            int length = manifest.measure(List.of(new Exclusion(0, 1))).length;
            for (int pass = 0; pass < MAX_LAYOUT_PASSES; pass++) {
                Embedding.Reserved reserved = embedding.reserve(encoded, length);
                int measured = manifest.measure(reserved.exclusions()).length;
                if (measured == length) {
                    byte[] store = manifest.sign(
                            reserved.exclusions(), Exclusion.hash(reserved.file(), reserved.exclusions()));
                    return embedding.fill(reserved, store);
                }
                length = measured;
            }
        } catch (ManifestFormatException e) {
            throw new IllegalArgumentException("cannot embed content credentials: " + e.getMessage(), e);
        }
        throw new IllegalStateException("the manifest store's size did not settle");
    }

    private UUID uuid() {
        long high;
        long low;
        synchronized (random) {
            high = random.nextLong();
            low = random.nextLong();
        }
        // Version 4 (random), IETF variant.
        high = (high & ~0xF000L) | 0x4000L;
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
