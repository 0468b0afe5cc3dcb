package dev.easel.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * PNG written directly from the RGB bytes (8-bit truecolour, or truecolour with alpha when the
 * picture has an {@link Alpha}; no interlace), with the metadata as
 * text chunks: {@code parameters} (the key the big self-hosted UIs read and write) and the XMP
 * packet under the standard XMP keyword. The chunks are those ImageIO's writer made (IHDR, tEXt or
 * iTXt parameters, iTXt XMP, IDAT, IEND); each row's filter is libpng's choice ({@link Filters}).
 * Written here because ImageIO's writer, through a {@code BufferedImage} and its image stream,
 * was slower and made files about twice as large at the same deflate level (the demo model's
 * 256² images: 170 KB against 80 KB), and every partial image pays for both.
 */
final class PngEncoding {
    static final String PARAMETERS_KEYWORD = "parameters";
    static final String XMP_KEYWORD = "XML:com.adobe.xmp";
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngEncoding() {}

    static byte[] encode(RgbImage image, java.util.Optional<Alpha> alpha, int compression, String parameters) {
        return encode(image, alpha, Filters.CHOOSE, deflateLevel(compression), parameters);
    }

    /**
     * The file written as fast as PNG goes: every row on the Up filter (no per-row choice; one
     * subtraction a byte, 0.12 ms for a 256² picture against 3.1 ms for choosing) and the fastest
     * deflate level. On the demo model's and a photograph's 256² pictures the file is 2-6% larger
     * than with the chosen filters.
     */
    static byte[] encodeFast(RgbImage image, java.util.Optional<Alpha> alpha, String parameters) {
        return encode(image, alpha, Filters.UP, Deflater.BEST_SPEED, parameters);
    }

    private static byte[] encode(
            RgbImage image, java.util.Optional<Alpha> alpha, int filter, int level, String parameters) {
        String text = Text.withoutNul(parameters);
        byte[] filtered = alpha.isEmpty()
                ? Filters.apply(image.rgb(), image.width(), image.height(), 3, filter)
                : Filters.apply(rgba(image, alpha.get()), image.width(), image.height(), 4, filter);
        Deflater deflater = new Deflater(level);
        Chunks out = new Chunks(filtered.length / 2 + 4096);
        try {
            out.bytes(SIGNATURE);
            out.chunk("IHDR", header(image, alpha.isPresent()));
            if (!text.isEmpty() && Text.isLatin1(text)) {
                out.chunk("tEXt", textChunk(text));
            } else if (!text.isEmpty()) {
                out.chunk("iTXt", internationalText(PARAMETERS_KEYWORD, text));
            }
            out.chunk("iTXt", internationalText(XMP_KEYWORD, XmpPacket.build(text)));
            deflater.setInput(filtered);
            deflater.finish();
            out.idat(deflater, filtered.length);
            out.chunk("IEND", new byte[0]);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    /**
     * PNG is lossless, so output_compression only trades time for size. 100 ("least compression")
     * gives level 1, the fastest that still compresses (stored PNGs of 1024² images are 3 MiB for
     * nothing); 0 gives level 9. Between, linear.
     */
    static int deflateLevel(int compression) {
        return 1 + Math.round(8 * (100 - compression) / 100f);
    }

    private static byte[] header(RgbImage image, boolean alpha) {
        byte[] h = new byte[13];
        putInt(h, 0, image.width());
        putInt(h, 4, image.height());
        h[8] = 8; // bit depth
        h[9] = (byte) (alpha ? 6 : 2); // truecolour (with alpha); compression, filter and interlace methods 0
        return h;
    }

    /** The pixels interleaved as RGBA, the layout of colour type 6. */
    private static byte[] rgba(RgbImage image, Alpha alpha) {
        if (!alpha.fits(image)) {
            throw new IllegalArgumentException("the alpha plane does not fit the image");
        }
        byte[] rgb = image.rgb();
        byte[] a = alpha.alpha();
        byte[] out = new byte[a.length * 4];
        for (int i = 0; i < a.length; i++) {
            out[i * 4] = rgb[i * 3];
            out[i * 4 + 1] = rgb[i * 3 + 1];
            out[i * 4 + 2] = rgb[i * 3 + 2];
            out[i * 4 + 3] = a[i];
        }
        return out;
    }

    private static byte[] textChunk(String parameters) {
        byte[] keyword = PARAMETERS_KEYWORD.getBytes(StandardCharsets.ISO_8859_1);
        byte[] value = parameters.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[keyword.length + 1 + value.length];
        System.arraycopy(keyword, 0, out, 0, keyword.length);
        System.arraycopy(value, 0, out, keyword.length + 1, value.length);
        return out;
    }

    /** Uncompressed, with no language tag: XMP readers that scan files for the packet cannot see through deflate. */
    private static byte[] internationalText(String keyword, String text) {
        byte[] k = keyword.getBytes(StandardCharsets.ISO_8859_1);
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        // keyword, NUL, compression flag 0, method 0, empty language tag + NUL, empty translated keyword + NUL
        byte[] out = new byte[k.length + 5 + t.length];
        System.arraycopy(k, 0, out, 0, k.length);
        System.arraycopy(t, 0, out, k.length + 5, t.length);
        return out;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** The file being written: chunks framed with their length and CRC, into one growing buffer. */
    private static final class Chunks extends ByteArrayOutputStream {
        /** The most of the deflated stream one IDAT chunk holds. */
        private static final int IDAT_MAX = 1 << 20;

        Chunks(int size) {
            super(size);
        }

        void bytes(byte[] b) {
            write(b, 0, b.length);
        }

        void chunk(String type, byte[] data) {
            frame(type, data, data.length);
        }

        /** The deflater's whole output ({@code input} bytes in) as IDAT chunks. */
        void idat(Deflater deflater, int input) {
            // Deflate adds at most a few bytes a block to incompressible rows: the rows and a margin
            // nearly always hold the whole stream, and a rare overflow is one more IDAT chunk.
            byte[] part = new byte[(int) Math.min(IDAT_MAX, input + (input >> 6) + 1024L)];
            while (!deflater.finished()) {
                int n = 0;
                while (n < part.length && !deflater.finished()) {
                    n += deflater.deflate(part, n, part.length - n);
                }
                frame("IDAT", part, n);
            }
        }

        private void frame(String type, byte[] data, int length) {
            byte[] head = new byte[8];
            putInt(head, 0, length);
            byte[] name = type.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, head, 4, 4);
            CRC32 crc = new CRC32();
            crc.update(name);
            crc.update(data, 0, length);
            byte[] tail = new byte[4];
            putInt(tail, 0, (int) crc.getValue());
            write(head, 0, 8);
            write(data, 0, length);
            write(tail, 0, 4);
        }
    }
}
