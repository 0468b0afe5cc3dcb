package dev.easel.engine.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's word splitter: the two special tokens, English contractions, runs of letters, single
 * digits (so "2026" is four words) and runs of anything else that is neither whitespace, letter
 * nor digit ("!!!" is one word). Whitespace only separates words and is dropped. Alternatives are
 * tried left to right, as in Python's regex module, so "it's" splits into "it" and "'s".
 *
 * <p>One character is excluded by hand: U+0345 (combining ypogegrammeni). Under Python's
 * IGNORECASE it counts as a letter for the negated class (it case-folds to ι) yet not for
 * {@code [\p{L}]+}, so CLIPTokenizer never matches it and it vanishes from the tokens; Java's
 * case-insensitive property classes would make it punctuation.
 */
final class PreTokenizer {

    static final String START_OF_TEXT = "<|startoftext|>";
    static final String END_OF_TEXT = "<|endoftext|>";

    private static final Pattern WORD = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}\\u0345]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

    private PreTokenizer() {}

    /** The words of already {@linkplain TextCleaner#clean cleaned} text, in order. */
    static List<String> split(String cleanedText) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(cleanedText);
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }
}
