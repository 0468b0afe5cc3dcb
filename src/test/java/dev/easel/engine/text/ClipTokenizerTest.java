package dev.easel.engine.text;

import static dev.easel.engine.text.TestTokenizerFolder.id;
import static dev.easel.engine.text.TestTokenizerFolder.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Checks the tokenizer against id sequences worked out by hand on the small vocabulary of
 * {@link TestTokenizerFolder}; literal ids follow its layout (hello&lt;/w&gt; 99, BOS 107, EOS 108).
 */
class ClipTokenizerTest {

    @TempDir
    Path dir;

    private ClipTokenizer tokenizer;

    @BeforeEach
    void writeTokenizerFolder() throws IOException {
        TestTokenizerFolder.write(dir);
        tokenizer = ClipTokenizer.load(dir);
    }

    /** The tokens between BOS and EOS, after checking the framing and padding around them. */
    private static int[] body(TokenizedPrompt prompt, ClipTokenizer tokenizer) {
        int[] ids = prompt.ids();
        assertThat(ids).hasSize(ClipTokenizer.CONTEXT_LENGTH);
        assertThat(ids[0]).isEqualTo(tokenizer.bosId());
        assertThat(ids[prompt.tokenCount() - 1]).isEqualTo(tokenizer.eosId());
        for (int i = prompt.tokenCount(); i < ids.length; i++) {
            assertThat(ids[i]).as("padding at %d", i).isEqualTo(tokenizer.padId());
        }
        return Arrays.copyOfRange(ids, 1, prompt.tokenCount() - 1);
    }

    private int[] tokens(String text) {
        return body(tokenizer.encode(text), tokenizer);
    }

    @Test
    void fullSequenceWithLiteralIds() {
        // "Hello, World!" -> hello</w> ,</w> w o r l d</w> !</w>, framed by BOS 107 and EOS 108, padded with EOS.
        int[] expected = new int[77];
        Arrays.fill(expected, 108);
        int[] head = {107, 99, 43, 36, 28, 31, 25, 57, 40, 108};
        System.arraycopy(head, 0, expected, 0, head.length);

        TokenizedPrompt prompt = tokenizer.encode("Hello, World!");

        assertThat(prompt.ids()).containsExactly(expected);
        assertThat(prompt.tokenCount()).isEqualTo(10);
        assertThat(prompt.truncated()).isFalse();
        assertThat(tokenizer.bosId()).isEqualTo(107);
        assertThat(tokenizer.eosId()).isEqualTo(108);
        assertThat(tokenizer.padId()).isEqualTo(108);
        assertThat(tokenizer.vocabSize()).isEqualTo(109);
    }

    @Test
    void lowerCasesBeforeSplitting() {
        assertThat(tokens("Hello")).containsExactly(ids("hello</w>"));
        assertThat(tokenizer.encode("HELLO")).isEqualTo(tokenizer.encode("hello"));
        assertThat(tokenizer.encode("HeLLo")).isEqualTo(tokenizer.encode("hello"));
    }

    @Test
    void mergesApplyInRankOrderNotTextOrder() {
        // "a b" comes first in the text but "b c</w>" has the better rank, so "ab" never forms.
        assertThat(tokens("abc")).containsExactly(ids("a", "bc</w>"));
        // h e l l o</w> -> he l l o</w> -> he ll o</w> -> he llo</w> -> hello</w>
        assertThat(tokens("hello")).containsExactly(ids("hello</w>"));
    }

    @Test
    void endOfWordMarkGoesOnTheLastSymbolOnly() {
        // "h e" does not apply to h e</w>, nor "l l" to l l</w>.
        assertThat(tokens("he")).containsExactly(ids("h", "e</w>"));
        assertThat(tokens("hell")).containsExactly(ids("he", "l", "l</w>"));
        assertThat(tokens("a")).containsExactly(ids("a</w>"));
    }

    @Test
    void splitsContractionsFromTheirWord() {
        assertThat(tokens("it's")).containsExactly(ids("it</w>", "'s</w>"));
        assertThat(tokens("IT'S")).containsExactly(ids("it</w>", "'s</w>"));
        // Only the listed contractions split off; any other apostrophe is punctuation of its own.
        assertThat(tokens("it'x")).containsExactly(ids("it</w>", "'</w>", "x</w>"));
    }

    @Test
    void splitsNumbersIntoSingleDigits() {
        // Were "2026" one word, the merge "2 0" would apply.
        assertThat(tokens("2026")).containsExactly(ids("2</w>", "0</w>", "2</w>", "6</w>"));
        assertThat(tokens("a1")).containsExactly(ids("a</w>", "1</w>"));
    }

    @Test
    void keepsPunctuationRunsTogether() {
        assertThat(tokens("!!!")).containsExactly(ids("!!", "!</w>"));
        assertThat(tokens("hello!!!")).containsExactly(ids("hello</w>", "!!", "!</w>"));
        assertThat(tokens("...,")).containsExactly(ids(".", ".", ".", ",</w>"));
    }

    @Test
    void collapsesAndStripsWhitespace() {
        int[] expected = ids("hello</w>", "w", "o", "r", "l", "d</w>");
        assertThat(tokens("hello world")).containsExactly(expected);
        assertThat(tokens("  hello \t\n  world  ")).containsExactly(expected);
        assertThat(tokens("hello\u00A0\u3000world\r\n")).containsExactly(expected);
    }

    @Test
    void spellsNonAsciiThroughByteCharacters() {
        int[] cafe = ids("c", "a", "f", "Ã", "©</w>");
        assertThat(tokens("café")).containsExactly(cafe);
        assertThat(tokens("CAFÉ")).containsExactly(cafe);
        assertThat(tokens("cafe\u0301")).as("NFC first").containsExactly(cafe);
        // 😀 is not a letter or digit: one word of four bytes, whose first two merge.
        assertThat(tokens("😀")).containsExactly(ids("ðŁ", "ĺ", "Ģ</w>"));
    }

    @Test
    void lowerCasesCapitalSigmaAsPythonDoes() {
        // Final after a cased letter unless a cased letter follows; a digit is not cased, so
        // "ΑΣ2Β" has a final sigma in Python (Java's own toLowerCase makes it σ).
        assertThat(tokens("ΑΣ2Β")).containsExactly(ids("Î", "±", "Ï", "Ĥ</w>", "2</w>", "Î", "²</w>"));
        assertThat(tokens("ΑΣΑ")).containsExactly(ids("Î", "±", "Ï", "ĥ", "Î", "±</w>"));
        assertThat(tokens("Σ")).containsExactly(ids("Ï", "ĥ</w>"));
    }

    @Test
    void dropsInvisibleControlCharacters() {
        assertThat(tokens("\uFEFFhel\u0000lo\u001F")).containsExactly(ids("hello</w>"));
        // U+0345 matches no alternative of CLIP's pattern under Python's IGNORECASE, so it vanishes too.
        assertThat(tokens("a\u0345b")).containsExactly(ids("a</w>", "b</w>"));
    }

    @Test
    void unknownSymbolsBecomeEndOfTextByDefault() {
        // ß is C3 9F -> "Ã" "Ł</w>", and the vocabulary has no "Ł</w>".
        assertThat(tokens("ß")).containsExactly(id("Ã"), id("<|endoftext|>"));
    }

    @Test
    void honoursConfiguredUnknownToken() throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"unk_token\": \"!\"}");
        ClipTokenizer withUnk = ClipTokenizer.load(dir);
        assertThat(body(withUnk.encode("ß"), withUnk)).containsExactly(id("Ã"), id("!"));
    }

    @Test
    void specialTokenTextMapsToItsId() {
        assertThat(tokens("hello <|endoftext|>")).containsExactly(id("hello</w>"), id("<|endoftext|>"));
        assertThat(tokens("<|startoftext|>hello")).containsExactly(id("<|startoftext|>"), id("hello</w>"));
    }

    @Test
    void emptyPromptIsBosEosAndPadding() {
        for (String text : List.of("", "   \n\t")) {
            TokenizedPrompt prompt = tokenizer.encode(text);
            assertThat(body(prompt, tokenizer)).isEmpty();
            assertThat(prompt.tokenCount()).isEqualTo(2);
            assertThat(prompt.ids()).startsWith(107, 108, 108);
        }
    }

    @Test
    void padsWithExclamationMarkWhenTokenizerConfigSaysSo() throws IOException {
        Files.writeString(
                dir.resolve("tokenizer_config.json"),
                "{\"model_max_length\": 77, \"pad_token\": \"!\", \"unk_token\": \"<|endoftext|>\"}");
        ClipTokenizer sd2 = ClipTokenizer.load(dir);

        TokenizedPrompt prompt = sd2.encode("hello");

        int[] expected = new int[77];
        expected[0] = 107;
        expected[1] = 99;
        expected[2] = 108;
        assertThat(sd2.padId()).isZero();
        assertThat(prompt.ids()).containsExactly(expected);
        assertThat(prompt.tokenCount()).isEqualTo(3);
    }

    @Test
    void specialTokensMapWinsAndMayHoldTokenObjects() throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"pad_token\": \"<|endoftext|>\"}");
        Files.writeString(
                dir.resolve("special_tokens_map.json"),
                "{\"pad_token\": {\"content\": \"!\", \"lstrip\": false, \"normalized\": true}}");
        assertThat(ClipTokenizer.load(dir).padId()).isEqualTo(id("!"));
    }

    @Test
    void readsModelMaxLengthButNotTransformersNoLimitSentinel() throws IOException {
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, "{\"model_max_length\": 8}");
        assertThat(ClipTokenizer.load(dir).encode("hello hello").ids())
                .containsExactly(107, 99, 99, 108, 108, 108, 108, 108);
        Files.writeString(config, "{\"model_max_length\": 1000000000000000019884624838656}");
        assertThat(ClipTokenizer.load(dir).encode("hello").ids()).hasSize(77);
    }

    @Test
    void rejectsSpecialTokensMissingFromVocabulary() throws IOException {
        Files.writeString(dir.resolve("special_tokens_map.json"), "{\"pad_token\": \"<pad>\"}");
        assertThatThrownBy(() -> ClipTokenizer.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("<pad>");
    }

    @Test
    void truncatesLongPromptKeepingEosLastAndWarnsOnce() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ClipTokenizer.class);
        appender.start();
        logger.addAppender(appender);
        try {
            TokenizedPrompt prompt = tokenizer.encode("hello ".repeat(100));

            int[] expected = new int[77];
            Arrays.fill(expected, 99);
            expected[0] = 107;
            expected[76] = 108;
            assertThat(prompt.ids()).containsExactly(expected);
            assertThat(prompt.tokenCount()).isEqualTo(77);
            assertThat(prompt.truncated()).isTrue();
            assertThat(appender.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("dropped the last 25");
            });
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void truncationCutsInsideAMultiTokenWord() {
        // 74 words of one token, then "hell" (3 tokens): 77 tokens, of which 75 fit.
        TokenizedPrompt prompt = tokenizer.encode("hello ".repeat(74) + "hell");
        assertThat(prompt.truncated()).isTrue();
        assertThat(prompt.ids()[75]).isEqualTo(id("he"));
        assertThat(prompt.ids()[76]).isEqualTo(id("<|endoftext|>"));
    }

    @Test
    void promptThatExactlyFitsIsNotTruncated() {
        TokenizedPrompt prompt = tokenizer.encode("hello ".repeat(75));
        assertThat(prompt.truncated()).isFalse();
        assertThat(prompt.tokenCount()).isEqualTo(77);
        assertThat(prompt.ids()[75]).isEqualTo(99);
        assertThat(prompt.ids()[76]).isEqualTo(108);
    }

    @Test
    void concurrentEncodingGivesIdenticalResults() throws Exception {
        // A tiny cache forces constant eviction while both threads read and write it.
        ClipTokenizer shared = ClipTokenizer.load(dir, 3);
        List<String> prompts = Stream.of("hello world", "it's 2026!!!", "café 😀", "abc hell he", "ß a1 ...,")
                .flatMap(p -> Stream.of(p, p.toUpperCase(Locale.ROOT), p + " " + p))
                .toList();
        List<TokenizedPrompt> expected = prompts.stream().map(tokenizer::encode).toList();

        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<List<TokenizedPrompt>>> runs = new ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                runs.add(pool.submit(() -> {
                    List<TokenizedPrompt> last = List.of();
                    for (int round = 0; round < 500; round++) {
                        last = prompts.stream().map(shared::encode).toList();
                        assertThat(last).isEqualTo(expected);
                    }
                    return last;
                }));
            }
            for (Future<List<TokenizedPrompt>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        }
    }
}
