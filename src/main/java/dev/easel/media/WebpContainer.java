package dev.easel.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The RIFF side of WebP. libwebp writes the simple format (one {@code VP8 } or {@code VP8L}
 * chunk), which cannot hold metadata; the extended format puts a {@code VP8X} header first whose
 * flags announce the optional chunks, here an {@code XMP } chunk at the end.
 */
final class WebpContainer {
    static final int FLAG_ANIMATION = 0x02;
    static final int FLAG_XMP = 0x04;
    static final int FLAG_ALPHA = 0x10;
    private static final int HEADER = 12;
    private static final int VP8X_SIZE = 10;

    private record Chunk(String fourCc, byte[] data, int offset, int size) {
        void writeTo(ByteArrayOutputStream out) {
            writeChunk(out, fourCc, data, offset, size);
        }
    }

    private WebpContainer() {}

    /** True if the bytes are a RIFF container of type WEBP. */
    static boolean isWebp(byte[] b) {
        return b.length >= HEADER && ascii(b, 0).equals("RIFF") && ascii(b, 8).equals("WEBP");
    }

    /** True if an extended-format header announces an animation, which libwebp's still decoder refuses. */
    static boolean isAnimated(byte[] b) {
        return b.length >= HEADER + 9 && ascii(b, HEADER).equals("VP8X") && (b[HEADER + 8] & FLAG_ANIMATION) != 0;
    }

    static byte[] withXmp(byte[] webp, int width, int height, byte[] xmp) {
        List<Chunk> chunks = chunks(webp);
        ByteArrayOutputStream out = new ByteArrayOutputStream(webp.length + xmp.length + 64);
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[4]); // size, patched below once known
        out.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        boolean extended = chunks.getFirst().fourCc().equals("VP8X");
        if (extended) {
            Chunk vp8x = chunks.getFirst();
            byte[] header = new byte[vp8x.size()];
            System.arraycopy(vp8x.data(), vp8x.offset(), header, 0, header.length);
            header[0] |= FLAG_XMP;
            writeChunk(out, "VP8X", header, 0, header.length);
        } else {
            writeChunk(out, "VP8X", vp8x(width, height, hasAlpha(chunks)), 0, VP8X_SIZE);
        }
        // XMP belongs last; an existing one is replaced rather than duplicated.
        for (Chunk chunk : extended ? chunks.subList(1, chunks.size()) : chunks) {
            if (!chunk.fourCc().equals("XMP ")) {
                chunk.writeTo(out);
            }
        }
        writeChunk(out, "XMP ", xmp, 0, xmp.length);
        byte[] result = out.toByteArray();
        int riffSize = result.length - 8;
        result[4] = (byte) riffSize;
        result[5] = (byte) (riffSize >> 8);
        result[6] = (byte) (riffSize >> 16);
        result[7] = (byte) (riffSize >> 24);
        return result;
    }

    private static List<Chunk> chunks(byte[] webp) {
        if (!isWebp(webp)) {
            throw new ImageEncodeException("the WebP writer produced no RIFF/WEBP header", null);
        }
        List<Chunk> chunks = new ArrayList<>();
        int end = (int) Math.min(webp.length, 8 + readLe32(webp, 4));
        int pos = HEADER;
        while (pos + 8 <= end) {
            String fourCc = ascii(webp, pos);
            long size = readLe32(webp, pos + 4);
            if (pos + 8 + size > end) {
                throw new ImageEncodeException("the WebP writer produced a truncated " + fourCc + " chunk", null);
            }
            chunks.add(new Chunk(fourCc, webp, pos + 8, (int) size));
            pos += 8 + (int) size + (int) (size & 1);
        }
        if (chunks.isEmpty()) {
            throw new ImageEncodeException("the WebP writer produced no image chunk", null);
        }
        return chunks;
    }

    /** Lossy WebP keeps alpha in a separate ALPH chunk; lossless flags it in the VP8L header. */
    private static boolean hasAlpha(List<Chunk> chunks) {
        for (Chunk chunk : chunks) {
            if (chunk.fourCc().equals("ALPH")) {
                return true;
            }
            if (chunk.fourCc().equals("VP8L") && chunk.size() >= 5) {
                // Signature byte 0x2F, then 14-bit width−1, 14-bit height−1, the alpha_is_used bit.
                long bits = readLe32(chunk.data(), chunk.offset() + 1);
                return (bits >> 28 & 1) != 0;
            }
        }
        return false;
    }

    private static byte[] vp8x(int width, int height, boolean alpha) {
        byte[] header = new byte[VP8X_SIZE];
        header[0] = (byte) (FLAG_XMP | (alpha ? FLAG_ALPHA : 0));
        writeLe24(header, 4, width - 1);
        writeLe24(header, 7, height - 1);
        return header;
    }

    private static void writeChunk(ByteArrayOutputStream out, String fourCc, byte[] data, int offset, int size) {
        out.writeBytes(fourCc.getBytes(StandardCharsets.US_ASCII));
        out.write(size);
        out.write(size >> 8);
        out.write(size >> 16);
        out.write(size >> 24);
        out.write(data, offset, size);
        if ((size & 1) != 0) {
            out.write(0); // RIFF chunks are padded to an even length
        }
    }

    private static void writeLe24(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >> 8);
        b[at + 2] = (byte) (value >> 16);
    }

    static long readLe32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static String ascii(byte[] b, int at) {
        return new String(b, at, 4, StandardCharsets.US_ASCII);
    }
}
