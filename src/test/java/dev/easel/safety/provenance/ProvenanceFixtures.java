package dev.easel.safety.provenance;

import dev.easel.media.EncodeOptions;
import dev.easel.media.ImageEncoder;
import dev.easel.media.OutputFormat;
import dev.easel.media.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/** A local CA made once per test JVM with a fixed clock and seed, and small pictures to sign. */
final class ProvenanceFixtures {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T12:00:00Z"), ZoneOffset.UTC);
    static final Claim CREATED =
            new Claim("Easel", "1.2.3", new Claim.Created(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA));

    private static Signer signer;
    private static Path dir;

    private ProvenanceFixtures() {}

    static synchronized Signer signer() {
        if (signer == null) {
            try {
                dir = Files.createTempDirectory("easel-c2pa");
                signer = Signer.localCa(dir, new SplittableRandom(7), CLOCK);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return signer;
    }

    static ContentCredentials credentials() {
        return new ContentCredentials(signer(), new SplittableRandom(11));
    }

    static ManifestVerifier verifier() {
        return new ManifestVerifier(java.util.List.of(signer().chain().getLast()), CLOCK);
    }

    static Claim edited() {
        return new Claim(
                "Easel",
                "1.2.3",
                new Claim.Edited(
                        DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA,
                        Claim.Ingredient.hashed(
                                "input image", "rgb", picture(8, 8).rgb())));
    }

    /** A gradient: every encoder keeps its size; PNG and lossless WebP its every pixel. */
    static RgbImage picture(int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 7 + i / 3);
        }
        return new RgbImage(width, height, rgb);
    }

    static byte[] encoded(OutputFormat format) {
        return ImageEncoder.encode(picture(48, 32), new EncodeOptions(format, 100, "a red fox, Steps: 4"));
    }

    /** A byte of compressed picture data: in IDAT, in the JPEG scan, in the VP8L chunk. */
    static int pixelByte(OutputFormat format, byte[] file) {
        return switch (format) {
            case PNG -> indexOf(file, "IDAT") + 8;
            case JPEG -> file.length - 10;
            case WEBP -> indexOf(file, "VP8L") + 12;
        };
    }

    private static int indexOf(byte[] file, String fourCc) {
        String text = new String(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf(fourCc);
        if (at < 0) {
            throw new AssertionError(fourCc + " is not in the file");
        }
        return at;
    }

    static byte[] signed(OutputFormat format) {
        return credentials().embed(encoded(format), format, CREATED);
    }
}
