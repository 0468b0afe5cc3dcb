package dev.easel.engine.text;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * The text cleanup CLIPTokenizer applies before splitting, as with ftfy installed: invisible
 * control characters removed (ftfy's list), NFC normalisation (so "e" + combining acute and "é"
 * give the same tokens), every run of Unicode whitespace collapsed to one space, the ends
 * stripped, then Python's lower case.
 *
 * <p>ftfy's other repairs (mojibake, HTML entities, curly quotes) are not reproduced: prompts typed
 * by people rarely need them and the tokens for clean text are the same.
 */
final class TextCleaner {

    /** ftfy's remove_control_chars set: C0 controls but tab, line feed, form feed and CR; DEL; BOM; ... */
    private static final Pattern CONTROL =
            Pattern.compile("[\\x00-\\x08\\x0B\\x0E-\\x1F\\x7F\\u206A-\\u206F\\uFEFF\\uFFF9-\\uFFFC]");

    // UNICODE_CHARACTER_CLASS makes \s the Unicode White_Space property, as in Python's regex module.
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private TextCleaner() {}

    static String clean(String text) {
        String visible = CONTROL.matcher(text).replaceAll("");
        String normalized = Normalizer.normalize(visible, Normalizer.Form.NFC);
        String collapsed = WHITESPACE.matcher(normalized).replaceAll(" ");
        return PythonLowerCase.lower(stripSpaces(collapsed));
    }

    // After collapsing, the only whitespace left is single ASCII spaces, at most one at each end.
    private static String stripSpaces(String text) {
        int start = text.startsWith(" ") ? 1 : 0;
        int end = text.length() > start && text.endsWith(" ") ? text.length() - 1 : text.length();
        return text.substring(start, end);
    }
}
