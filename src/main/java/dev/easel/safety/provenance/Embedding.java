package dev.easel.safety.provenance;

import dev.easel.media.OutputFormat;
import java.util.List;
import java.util.Optional;

/**
 * Where a format keeps its manifest store (C2PA §A, embedding manifests): PNG in a {@code caBX}
 * chunk before the image data, JPEG in APP11 segments (JPEG XT boxes) after the JFIF header,
 * WebP in a {@code C2PA} RIFF chunk at the end.
 */
sealed interface Embedding permits PngEmbedding, JpegEmbedding, RiffEmbedding {

    /**
     * The file with room for a store of {@code length} bytes, and the byte ranges its hard binding
     * must skip. Any store the file already carried is dropped.
     *
     * @throws ManifestFormatException if the file is not of this format
     */
    Reserved reserve(byte[] file, int length);

    /** The container bytes (chunk or segments) around {@code store}: exactly {@link Reserved#span()} bytes. */
    byte[] container(byte[] store);

    /** The manifest store the file carries, if any. */
    Optional<Found> find(byte[] file);

    /**
     * A file with room for a store.
     *
     * @param at where the container starts
     * @param span the container's length
     * @param exclusions what the hard binding skips: the container (and, for RIFF, the size field)
     */
    record Reserved(byte[] file, int at, int span, List<Exclusion> exclusions) {}

    /** A store found in a file, and where its container lies. */
    record Found(byte[] store, Exclusion container) {}

    /** The reserved file with {@code store} written into its room (in place: the reservation is used up). */
    default byte[] fill(Reserved reserved, byte[] store) {
        byte[] container = container(store);
        if (container.length != reserved.span()) {
            throw new IllegalStateException(
                    "the manifest store is " + container.length + " bytes, not the " + reserved.span() + " reserved");
        }
        System.arraycopy(container, 0, reserved.file(), reserved.at(), container.length);
        return reserved.file();
    }

    static Embedding of(OutputFormat format) {
        return switch (format) {
            case PNG -> new PngEmbedding();
            case JPEG -> new JpegEmbedding();
            case WEBP -> new RiffEmbedding();
        };
    }

    /** The embedding of the file's format, told by its first bytes. */
    static Optional<Embedding> sniff(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return Optional.of(new PngEmbedding());
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return Optional.of(new JpegEmbedding());
        }
        if (b.length >= 12
                && b[0] == 'R'
                && b[1] == 'I'
                && b[2] == 'F'
                && b[3] == 'F'
                && b[8] == 'W'
                && b[9] == 'E'
                && b[10] == 'B'
                && b[11] == 'P') {
            return Optional.of(new RiffEmbedding());
        }
        return Optional.empty();
    }
}
