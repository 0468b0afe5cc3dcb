package dev.easel.safety.provenance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * WebP (RIFF): the store is the data of a {@code C2PA} chunk appended after the other top-level
 * chunks. The hard binding skips that chunk's header and data (a pad byte after odd data is
 * hashed). The RIFF header's size field stays hashed: c2pa-rs reports an exclusion of it as an
 * additional one ({@code assertion.dataHash.additionalExclusionsPresent}).
 */
final class RiffEmbedding implements Embedding {
    private static final int HEADER = 12;
    private static final String TYPE = "C2PA";

    @Override
    public Reserved reserve(byte[] file, int length) {
        if (!isRiff(file)) {
            throw new ManifestFormatException("not a RIFF file");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + length + 10);
        out.write(file, 0, HEADER);
        int end = riffEnd(file);
        int pos = HEADER;
        while (pos + 8 <= end) {
            int next = chunkEnd(file, pos, end);
            if (!type(file, pos).equals(TYPE)) {
                out.write(file, pos, next - pos);
            }
            pos = next;
        }
        int at = out.size();
        byte[] container = container(new byte[length]);
        out.writeBytes(container);
        byte[] reserved = out.toByteArray();
        writeLe32(reserved, 4, reserved.length - 8);
        return new Reserved(reserved, at, container.length, List.of(new Exclusion(at, 8 + length)));
    }

    @Override
    public byte[] container(byte[] store) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(store.length + 9);
        out.writeBytes(TYPE.getBytes(StandardCharsets.US_ASCII));
        byte[] size = new byte[4];
        writeLe32(size, 0, store.length);
        out.writeBytes(size);
        out.writeBytes(store);
        if ((store.length & 1) != 0) {
            out.write(0);
        }
        return out.toByteArray();
    }

    @Override
    public Optional<Found> find(byte[] file) {
        if (!isRiff(file)) {
            return Optional.empty();
        }
        int end = riffEnd(file);
        int pos = HEADER;
        while (pos + 8 <= end) {
            int next = chunkEnd(file, pos, end);
            if (type(file, pos).equals(TYPE)) {
                int size = (int) readLe32(file, pos + 4);
                return Optional.of(new Found(
                        java.util.Arrays.copyOfRange(file, pos + 8, pos + 8 + size), new Exclusion(pos, 8 + size)));
            }
            pos = next;
        }
        return Optional.empty();
    }

    private static boolean isRiff(byte[] b) {
        return b.length >= HEADER && new String(b, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF");
    }

    private static int riffEnd(byte[] b) {
        return (int) Math.min(b.length, 8 + readLe32(b, 4));
    }

    private static int chunkEnd(byte[] b, int pos, int end) {
        long size = readLe32(b, pos + 4);
        long next = pos + 8 + size + (size & 1);
        if (pos + 8 + size > end) {
            throw new ManifestFormatException("a RIFF chunk at byte " + pos + " runs past the file");
        }
        return (int) Math.min(next, end);
    }

    private static String type(byte[] b, int pos) {
        return new String(b, pos, 4, StandardCharsets.ISO_8859_1);
    }

    private static long readLe32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static void writeLe32(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
        b[at + 2] = (byte) (value >>> 16);
        b[at + 3] = (byte) (value >>> 24);
    }
}
