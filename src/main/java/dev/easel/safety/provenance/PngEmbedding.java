package dev.easel.safety.provenance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * PNG: the store is the data of one {@code caBX} chunk, placed before the first {@code IDAT}
 * (where readers that stop at the image data still see it); the hard binding skips the whole chunk,
 * length, type and CRC included.
 */
final class PngEmbedding implements Embedding {
    private static final int SIGNATURE = 8;
    private static final String TYPE = "caBX";

    @Override
    public Reserved reserve(byte[] file, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + length + 12);
        out.write(file, 0, SIGNATURE);
        int at = -1;
        int pos = SIGNATURE;
        while (pos < file.length) {
            int end = chunkEnd(file, pos);
            String type = type(file, pos);
            if (type.equals("IDAT") && at < 0) {
                at = out.size();
                out.writeBytes(container(new byte[length]));
            }
            if (!type.equals(TYPE)) {
                out.write(file, pos, end - pos);
            }
            pos = end;
            if (type.equals("IEND")) {
                break;
            }
        }
        if (at < 0) {
            throw new ManifestFormatException("the PNG has no IDAT chunk");
        }
        out.write(file, pos, file.length - pos);
        return new Reserved(out.toByteArray(), at, 12 + length, List.of(new Exclusion(at, 12 + length)));
    }

    @Override
    public byte[] container(byte[] store) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(store.length + 12);
        int n = store.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        byte[] type = TYPE.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(type);
        out.writeBytes(store);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(store);
        long c = crc.getValue();
        out.write((int) (c >>> 24));
        out.write((int) (c >>> 16));
        out.write((int) (c >>> 8));
        out.write((int) c);
        return out.toByteArray();
    }

    @Override
    public Optional<Found> find(byte[] file) {
        if (file.length < SIGNATURE) {
            return Optional.empty();
        }
        int pos = SIGNATURE;
        while (pos < file.length) {
            int end = chunkEnd(file, pos);
            String type = type(file, pos);
            if (type.equals(TYPE)) {
                return Optional.of(
                        new Found(java.util.Arrays.copyOfRange(file, pos + 8, end - 4), new Exclusion(pos, end - pos)));
            }
            if (type.equals("IEND")) {
                break;
            }
            pos = end;
        }
        return Optional.empty();
    }

    private static int chunkEnd(byte[] b, int pos) {
        if (pos + 12 > b.length) {
            throw new ManifestFormatException("truncated PNG chunk at byte " + pos);
        }
        long length =
                (b[pos] & 0xFFL) << 24 | (b[pos + 1] & 0xFFL) << 16 | (b[pos + 2] & 0xFFL) << 8 | (b[pos + 3] & 0xFFL);
        if (pos + 12 + length > b.length) {
            throw new ManifestFormatException("a PNG chunk at byte " + pos + " runs past the file");
        }
        return (int) (pos + 12 + length);
    }

    private static String type(byte[] b, int pos) {
        return new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
    }
}
