package dev.easel.safety.provenance;

/** A manifest store, or the file carrying it, is not what the C2PA specification says it must be. */
final class ManifestFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ManifestFormatException(String message) {
        super(message);
    }
}
