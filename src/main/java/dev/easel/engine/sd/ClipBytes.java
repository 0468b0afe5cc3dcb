package dev.easel.engine.sd;

/**
 * GPT-2's reversible byte-to-character table, which CLIP's vocabulary is written in.
 *
 * <p>Printable Latin-1 bytes ({@code !..~}, {@code ¡..¬}, {@code ®..ÿ}) stand for themselves; every
 * other byte (controls, space, DEL, NBSP, soft hyphen) is given, in ascending byte order, the
 * characters from U+0100 upward. That keeps whitespace and control bytes out of vocabulary strings
 * (a space becomes {@code Ġ}) while every byte sequence still has a spelling. All characters lie
 * in the BMP, so one byte is always exactly one Java {@code char}.
 */
public final class ClipBytes {

    private static final char[] TABLE = buildTable();

    private ClipBytes() {}

    /** The character that spells byte {@code b} (only its low 8 bits count). */
    public static char of(byte b) {
        return TABLE[b & 0xFF];
    }

    /** Spells each byte of {@code bytes} as one character. */
    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = of(bytes[i]);
        }
        return new String(out);
    }

    private static char[] buildTable() {
        char[] table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            table[b] = standsForItself(b) ? (char) b : (char) next++;
        }
        return table;
    }

    private static boolean standsForItself(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }
}
