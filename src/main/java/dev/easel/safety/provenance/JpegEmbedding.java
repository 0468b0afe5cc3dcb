package dev.easel.safety.provenance;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

/**
 * JPEG: the store split over APP11 segments in the JPEG XT box format (ISO/IEC 18477-3): each
 * segment holds {@code "JP"}, a box instance number, a sequence number from 1 and a piece of the
 * store; each piece after the first repeats the store's 8-byte box header. The segments follow the
 * JFIF APP0 header (which must come first); the hard binding skips them all.
 */
final class JpegEmbedding implements Embedding {
    static final int APP0 = 0xE0;
    static final int APP11 = 0xEB;
    private static final int SOS = 0xDA;
    /** The box instance number (En) of the segments; any value, the same in each. */
    private static final int INSTANCE = 0x0211;

    private static final int MAX_SEGMENT = 0xFFFF;
    /** Marker, length, CI, En, Z. */
    private static final int SEGMENT_HEADER = 2 + 2 + 8;
    /** The most store bytes a segment carries: the first; later ones also repeat the 8-byte box header. */
    private static final int FIRST_PIECE = MAX_SEGMENT - 2 - 8;

    private static final int LATER_PIECE = FIRST_PIECE - Jumbf.HEADER;

    @Override
    public Reserved reserve(byte[] file, int length) {
        List<int[]> segments = segments(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + length + 64);
        out.write(file, 0, 2);
        int at = -1;
        int span = span(length);
        int rest = 2;
        for (int[] s : segments) {
            int marker = s[0];
            if (at < 0 && marker != APP0) {
                at = out.size();
                out.writeBytes(new byte[span]);
            }
            if (!(marker == APP11 && isJpegXt(file, s))) {
                out.write(file, s[1], s[2] - s[1]);
            }
            rest = s[2];
        }
        if (at < 0) {
            at = out.size();
            out.writeBytes(new byte[span]);
        }
        out.write(file, rest, file.length - rest);
        return new Reserved(out.toByteArray(), at, span, List.of(new Exclusion(at, span)));
    }

    /** The bytes the segments of a store of {@code length} take. */
    static int span(int length) {
        int pieces = length <= FIRST_PIECE ? 1 : 1 + (length - FIRST_PIECE + LATER_PIECE - 1) / LATER_PIECE;
        return length + pieces * SEGMENT_HEADER + (pieces - 1) * Jumbf.HEADER;
    }

    @Override
    public byte[] container(byte[] store) {
        if (store.length < Jumbf.HEADER) {
            throw new IllegalArgumentException("a manifest store is at least a box header");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(span(store.length));
        int offset = 0;
        int sequence = 1;
        while (offset < store.length || sequence == 1) {
            boolean first = sequence == 1;
            int piece = Math.min(store.length - offset, first ? FIRST_PIECE : LATER_PIECE);
            int segmentLength = 2 + 8 + (first ? 0 : Jumbf.HEADER) + piece;
            out.write(0xFF);
            out.write(APP11);
            out.write(segmentLength >>> 8);
            out.write(segmentLength);
            out.write('J');
            out.write('P');
            out.write(INSTANCE >>> 8);
            out.write(INSTANCE);
            out.write(sequence >>> 24);
            out.write(sequence >>> 16);
            out.write(sequence >>> 8);
            out.write(sequence);
            if (!first) {
                out.write(store, 0, Jumbf.HEADER);
            }
            out.write(store, offset, piece);
            offset += piece;
            sequence++;
        }
        return out.toByteArray();
    }

    @Override
    public Optional<Found> find(byte[] file) {
        ByteArrayOutputStream store = new ByteArrayOutputStream();
        int start = -1;
        int end = -1;
        int instance = -1;
        int expected = 1;
        for (int[] s : segments(file)) {
            if (s[0] != APP11 || !isJpegXt(file, s) || s[2] - s[1] < SEGMENT_HEADER + Jumbf.HEADER) {
                continue;
            }
            int en = u16(file, s[1] + 6);
            long z = u32(file, s[1] + 8);
            int payload = s[1] + SEGMENT_HEADER;
            if (start < 0) {
                if (z != 1 || !boxType(file, payload + 4).equals("jumb")) {
                    continue;
                }
                start = s[1];
                instance = en;
            } else if (en != instance) {
                continue;
            } else if (z != expected) {
                throw new ManifestFormatException("the APP11 segments of the manifest store are out of order");
            } else {
                payload += Jumbf.HEADER;
            }
            store.write(file, payload, s[2] - payload);
            end = s[2];
            expected = (int) z + 1;
        }
        if (start < 0) {
            return Optional.empty();
        }
        return Optional.of(new Found(store.toByteArray(), new Exclusion(start, end - start)));
    }

    /** APP11 segments of JPEG XT boxes start with "JP". */
    private static boolean isJpegXt(byte[] b, int[] s) {
        return s[2] - s[1] >= SEGMENT_HEADER && b[s[1] + 4] == 'J' && b[s[1] + 5] == 'P';
    }

    /** The marker segments before the scan data: {marker, start, end} each, the start at the 0xFF. */
    private static List<int[]> segments(byte[] b) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            throw new ManifestFormatException("not a JPEG (no SOI marker)");
        }
        List<int[]> out = new java.util.ArrayList<>();
        int pos = 2;
        while (true) {
            if (pos + 2 > b.length || (b[pos] & 0xFF) != 0xFF) {
                throw new ManifestFormatException("malformed JPEG: no marker at byte " + pos);
            }
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++; // a fill byte
                continue;
            }
            if (marker == SOS) {
                return out;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                out.add(new int[] {marker, pos, pos + 2});
                pos += 2;
                continue;
            }
            if (pos + 4 > b.length) {
                throw new ManifestFormatException("malformed JPEG: truncated segment at byte " + pos);
            }
            int end = pos + 2 + u16(b, pos + 2);
            if (end > b.length || u16(b, pos + 2) < 2) {
                throw new ManifestFormatException("malformed JPEG: a segment at byte " + pos + " runs past the file");
            }
            out.add(new int[] {marker, pos, end});
            pos = end;
        }
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return (long) u16(b, at) << 16 | u16(b, at + 2);
    }

    private static String boxType(byte[] b, int at) {
        return at + 4 <= b.length ? new String(b, at, 4, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
    }
}
