package dev.easel.images;

import dev.easel.media.Alpha;
import dev.easel.media.EncodeOptions;
import dev.easel.media.ImageEncoder;
import dev.easel.media.OutputFormat;
import dev.easel.media.RgbImage;
import dev.easel.safety.provenance.Claim;
import dev.easel.safety.provenance.ContentCredentials;
import dev.easel.safety.provenance.DigitalSourceType;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The image files both APIs return, and the unit their usage is counted in: one place, so the
 * Images API, the Responses API's image tool, the charts and the MCP tools write the same metadata
 * and count alike. Every file carries its generation parameters, the XMP AI-generated source
 * type and, unless switched off ({@code provenance.c2pa}), signed C2PA content credentials.
 * Thread-safe.
 */
public final class ImageFiles {
    /** The longest prompt either API takes (OpenAI's limit for its GPT image models). */
    public static final int MAX_PROMPT_CHARS = 32_000;

    /**
     * The most of a prompt a file's metadata repeats: the text encoder reads far less, and a file
     * (every partial image too) must not carry a long prompt twice over (PNG text and XMP).
     */
    public static final int MAX_METADATA_PROMPT_CHARS = 2_000;

    /** The claim generator every manifest names. */
    public static final String GENERATOR = "Easel";

    private final Optional<ContentCredentials> credentials;
    private final String version;

    /**
     * @param credentials what signs each file's manifest; empty: files carry none
     * @param version Easel's version, named in the manifests
     */
    public ImageFiles(Optional<ContentCredentials> credentials, String version) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.version = version;
    }

    /** The root of this server's signing chain (its local CA, or the configured chain's last certificate). */
    public java.util.List<java.security.cert.X509Certificate> trustAnchors() {
        return credentials
                .map(c -> java.util.List.of(c.signer().chain().getLast()))
                .orElse(java.util.List.of());
    }

    /** Files with metadata but without content credentials (provenance.c2pa: false). */
    public static ImageFiles withoutCredentials() {
        return new ImageFiles(Optional.empty(), "dev");
    }

    /**
     * What a returned image was made from, written into the file (PNG {@code parameters}, JPEG COM,
     * WebP XMP), and how, for its content credentials.
     */
    public record Provenance(
            String prompt, String negativePrompt, int steps, long seed, String model, Claim.Origin origin) {
        public Provenance {
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** A picture the model made from a prompt alone. */
    public static Claim.Origin generated() {
        return new Claim.Created(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA);
    }

    /** A generated picture with exact text or a chart set over it. */
    public static Claim.Origin composed() {
        return new Claim.Created(DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA);
    }

    /** A chart drawn exactly, no model involved. */
    public static Claim.Origin drawn() {
        return new Claim.Created(DigitalSourceType.ALGORITHMIC_MEDIA);
    }

    /**
     * An edit of {@code source}, which the manifest names as its parent ingredient, identified by
     * the SHA-256 of its RGB pixels (the uploaded file's bytes are gone once decoded).
     *
     * @param title what to call the source, e.g. its image id
     */
    public static Claim.Origin editOf(RgbImage source, String title) {
        return new Claim.Edited(
                DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA,
                Claim.Ingredient.hashed(title, "rgb", source.rgb()));
    }

    /** The image encoded as asked, carrying its generation parameters, the AI-generated source type and its credentials. */
    public byte[] encode(RgbImage image, OutputFormat format, int compression, Provenance p) {
        return encode(image, Optional.empty(), format, compression, p);
    }

    /**
     * The same with {@code alpha} (a transparent background's): PNG and WebP carry it; the content
     * credentials sign the file as written, alpha included.
     */
    public byte[] encode(RgbImage image, Optional<Alpha> alpha, OutputFormat format, int compression, Provenance p) {
        return write(image, alpha, format, compression, p, false);
    }

    /**
     * A partial image's file: the same metadata and credentials, a PNG one written as fast as PNG
     * goes whatever {@code compression} says (lossless, so the same pixels; see {@link
     * EncodeOptions#partial}), JPEG and WebP at {@code compression}, which sets their quality.
     */
    public byte[] encodePartial(RgbImage image, OutputFormat format, int compression, Provenance p) {
        return write(image, Optional.empty(), format, compression, p, true);
    }

    /** {@link #encodePartial} in base64. */
    public String partialBase64(RgbImage image, OutputFormat format, int compression, Provenance p) {
        return Base64.getEncoder().encodeToString(encodePartial(image, format, compression, p));
    }

    private byte[] write(
            RgbImage image,
            Optional<Alpha> alpha,
            OutputFormat format,
            int compression,
            Provenance p,
            boolean partial) {
        String parameters = bounded(p.prompt(), MAX_METADATA_PROMPT_CHARS)
                + (p.negativePrompt().isEmpty()
                        ? ""
                        : "\nNegative prompt: " + bounded(p.negativePrompt(), MAX_METADATA_PROMPT_CHARS))
                + String.format(
                        Locale.ROOT,
                        "\nSteps: %d, Seed: %d, Size: %dx%d, Model: %s, Software: Easel",
                        p.steps(),
                        p.seed(),
                        image.width(),
                        image.height(),
                        p.model());
        byte[] encoded = ImageEncoder.encode(image, alpha, new EncodeOptions(format, compression, parameters, partial));
        return credentialed(encoded, format, p.origin());
    }

    public String base64(RgbImage image, OutputFormat format, int compression, Provenance p) {
        return Base64.getEncoder().encodeToString(encode(image, format, compression, p));
    }

    public String base64(RgbImage image, Optional<Alpha> alpha, OutputFormat format, int compression, Provenance p) {
        return Base64.getEncoder().encodeToString(encode(image, alpha, format, compression, p));
    }

    /** An already encoded file (a chart) with its content credentials embedded; unchanged when they are off. */
    public byte[] credentialed(byte[] encoded, OutputFormat format, Claim.Origin origin) {
        return credentials
                .map(c -> c.embed(encoded, format, new Claim(GENERATOR, version, origin)))
                .orElse(encoded);
    }

    /**
     * The text cut to at most {@code max} characters, ending in an ellipsis when cut, never
     * between the two halves of a surrogate pair.
     */
    public static String bounded(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** Easel's usage unit for images: one token per 32×32-pixel patch. */
    public static int imageTokens(int width, int height) {
        return (int) Math.ceil(width * (double) height / (32 * 32));
    }
}
