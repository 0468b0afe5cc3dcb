package dev.easel.media;

import java.nio.charset.StandardCharsets;

/** Text helpers for metadata fields with byte limits or restricted character sets. */
final class Text {
    private Text() {}

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest prefix whose UTF-8 form fits in {@code maxBytes}, never splitting a code point. */
    static String truncateUtf8(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    /** True if every character fits in a PNG tEXt chunk, which is Latin-1 only. */
    static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Without NULs: PNG text chunks and JPEG comments use NUL as a separator or terminator. */
    static String withoutNul(String s) {
        return s.indexOf('\0') < 0 ? s : s.replace("\0", "");
    }
}
