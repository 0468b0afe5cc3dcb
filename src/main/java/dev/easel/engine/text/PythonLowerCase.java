package dev.easel.engine.text;

import java.util.Locale;

/**
 * Python's {@code str.lower()}, which CLIPTokenizer applies and which differs from Java's
 * {@code toLowerCase} in one place: capital sigma.
 *
 * <p>Both turn Σ into final ς at the end of a word and σ elsewhere, but Java decides "end of
 * word" with a word-break iterator while Python uses the Unicode Final_Sigma condition: preceded
 * by a cased letter and not followed by one, skipping case-ignorable characters both ways. They
 * disagree on text such as "ΑΣ2Β" (Python: final, since a digit is not cased). Every other
 * mapping is the same for the root locale, so sigmas are settled here and the rest left to Java.
 */
final class PythonLowerCase {

    private static final int CAPITAL_SIGMA = 0x03A3;
    private static final int SMALL_SIGMA = 0x03C3;
    private static final int FINAL_SIGMA = 0x03C2;

    private PythonLowerCase() {}

    static String lower(String text) {
        if (text.indexOf(CAPITAL_SIGMA) < 0) {
            return text.toLowerCase(Locale.ROOT);
        }
        StringBuilder settled = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            settled.append(c == CAPITAL_SIGMA ? (char) (isFinal(text, i) ? FINAL_SIGMA : SMALL_SIGMA) : c);
        }
        return settled.toString().toLowerCase(Locale.ROOT);
    }

    /** Unicode's Final_Sigma: \p{Cased} \p{Case_Ignorable}* Σ !(\p{Case_Ignorable}* \p{Cased}). */
    private static boolean isFinal(String text, int sigma) {
        int before = sigma;
        int cp = -1;
        while (before > 0) {
            cp = text.codePointBefore(before);
            before -= Character.charCount(cp);
            if (!isCaseIgnorable(cp)) {
                break;
            }
        }
        if (cp < 0 || isCaseIgnorable(cp) || !isCased(cp)) {
            return false;
        }
        int after = sigma + 1;
        while (after < text.length()) {
            int next = text.codePointAt(after);
            if (!isCaseIgnorable(next)) {
                return !isCased(next);
            }
            after += Character.charCount(next);
        }
        return true;
    }

    /** Unicode's Cased property: Lowercase, Uppercase or titlecase letter. */
    private static boolean isCased(int cp) {
        return Character.isLowerCase(cp) || Character.isUpperCase(cp) || Character.isTitleCase(cp);
    }

    /** Unicode's Case_Ignorable: marks, format and modifier characters, and word-internal punctuation. */
    private static boolean isCaseIgnorable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK,
                    Character.FORMAT,
                    Character.MODIFIER_LETTER,
                    Character.MODIFIER_SYMBOL -> true;
            default -> isMidLetterOrQuote(cp);
        };
    }

    /** Word_Break MidLetter, MidNumLet or Single_Quote. */
    private static boolean isMidLetterOrQuote(int cp) {
        return switch (cp) {
            case 0x0027,
                    0x002E,
                    0x003A,
                    0x00B7,
                    0x0387,
                    0x055F,
                    0x05F4,
                    0x2018,
                    0x2019,
                    0x2024,
                    0x2027,
                    0xFE13,
                    0xFE52,
                    0xFE55,
                    0xFF07,
                    0xFF0E,
                    0xFF1A -> true;
            default -> false;
        };
    }
}
