package dev.easel.safety.provenance;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a file's C2PA manifest says and whether it holds: {@link ManifestVerifier}'s answer.
 *
 * @param present the file carries a manifest store
 * @param valid the active manifest is intact: well formed, its signature verifies against its own
 *     certificate, whose profile C2PA accepts and which is within its validity, every assertion
 *     matches the claim's hash of it, and the hard binding matches the file's bytes
 * @param trusted the certificate chain leads to one of the verifier's trust anchors (a valid
 *     manifest from an unknown signer is valid but not trusted)
 * @param reasons why it is not valid: C2PA validation status codes with an explanation each,
 *     e.g. {@code assertion.dataHash.mismatch: ...}; empty when valid (and for an absent manifest,
 *     the one reason there is none)
 * @param claimGenerator the claim generator as {@code name/version}; empty when absent or unreadable
 * @param actions the actions the manifest records, in order
 * @param signerSubject the signing certificate's subject (RFC 2253); empty when unknown
 */
public record ManifestReport(
        boolean present,
        boolean valid,
        boolean trusted,
        List<String> reasons,
        String claimGenerator,
        List<Action> actions,
        String signerSubject) {
    public ManifestReport {
        reasons = List.copyOf(reasons);
        actions = List.copyOf(actions);
        Objects.requireNonNull(claimGenerator, "claimGenerator");
        Objects.requireNonNull(signerSubject, "signerSubject");
    }

    /** One action: {@code c2pa.created}, {@code c2pa.opened}, {@code c2pa.edited}, ... and its IPTC digital source type, if stated. */
    public record Action(String name, Optional<String> digitalSourceType) {}

    static ManifestReport absent(String reason) {
        return new ManifestReport(false, false, false, List.of(reason), "", List.of(), "");
    }
}
