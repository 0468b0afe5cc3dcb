package dev.easel.safety.provenance;

import java.util.List;

/** A byte range of a file that its hard binding's hash skips: where the manifest store itself lies. */
record Exclusion(long start, long length) {
    Exclusion {
        if (start < 0 || length < 1) {
            throw new ManifestFormatException("an exclusion must start at 0 or later and cover a byte at least");
        }
    }

    long end() {
        return start + length;
    }

    /** The SHA-256 of {@code file} without these (disjoint) ranges. */
    static byte[] hash(byte[] file, List<Exclusion> exclusions) {
        return hash(file, exclusions, ManifestBuilder.sha256());
    }

    /** The digest of {@code file} without these (disjoint) ranges. */
    static byte[] hash(byte[] file, List<Exclusion> exclusions, java.security.MessageDigest digest) {
        long pos = 0;
        for (Exclusion e : exclusions.stream()
                .sorted(java.util.Comparator.comparingLong(Exclusion::start))
                .toList()) {
            if (e.start() < pos || e.end() > file.length) {
                throw new ManifestFormatException("the hard binding's exclusions overlap or run past the file");
            }
            digest.update(file, (int) pos, (int) (e.start() - pos));
            pos = e.end();
        }
        digest.update(file, (int) pos, (int) (file.length - pos));
        return digest.digest();
    }
}
