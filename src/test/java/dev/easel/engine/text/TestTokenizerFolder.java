package dev.easel.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small tokenizer folder laid out like CLIP's: plain byte symbols, the same with {@code </w>},
 * merge results in rank order, then the two special tokens last. Ids are list positions, so
 * expected sequences can be written as token strings and worked out by hand.
 */
final class TestTokenizerFolder {

    private static final String CHARS = "!'.,0123456789abcdefghijklmnopqrstuvwxyz";

    /**
     * Byte spellings needed beyond ASCII: é is C3 A9 -> "Ã©"; 😀 is F0 9F 98 80 -> "ðŁĺĢ";
     * α is CE B1 -> "Î±", β is CE B2 -> "Î²", σ is CF 83 -> "Ïĥ" and final ς is CF 82 -> "ÏĤ".
     */
    private static final List<String> NON_ASCII = List.of(
            "Ã", "©", "ð", "Ł", "ĺ", "Ģ", "©</w>", "Ģ</w>", "Î", "±", "Ï", "ĥ", "±</w>", "²</w>", "ĥ</w>", "Ĥ</w>");

    /**
     * Best first. "b c</w>" (rank 4) outranks "a b" (rank 5), so "abc" becomes a + bc</w>, where
     * merging in text order would give ab + c</w>.
     */
    private static final List<String> MERGES = List.of(
            "h e", "l l", "ll o</w>", "he llo</w>", "b c</w>", "a b", "' s</w>", "! !", "2 0", "ð Ł", "i t</w>");

    static final List<String> VOCAB = buildVocab();

    private TestTokenizerFolder() {}

    private static List<String> buildVocab() {
        List<String> vocab = new ArrayList<>();
        CHARS.chars().forEach(c -> vocab.add(Character.toString(c)));
        CHARS.chars().forEach(c -> vocab.add(Character.toString(c) + "</w>"));
        vocab.addAll(NON_ASCII);
        MERGES.forEach(merge -> vocab.add(merge.replace(" ", "")));
        vocab.add("<|startoftext|>");
        vocab.add("<|endoftext|>");
        return List.copyOf(vocab);
    }

    /** Writes vocab.json and merges.txt (with its version header) into {@code dir}. */
    static void write(Path dir) throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < VOCAB.size(); i++) {
            String escaped = VOCAB.get(i).replace("\\", "\\\\").replace("\"", "\\\"");
            json.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(escaped)
                    .append("\":")
                    .append(i);
        }
        Files.writeString(dir.resolve("vocab.json"), json.append('}'));
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n" + String.join("\n", MERGES) + "\n");
    }

    static int id(String token) {
        int id = VOCAB.indexOf(token);
        assertThat(id).as("test vocabulary lacks %s", token).isNotNegative();
        return id;
    }

    static int[] ids(String... tokens) {
        return Arrays.stream(tokens).mapToInt(TestTokenizerFolder::id).toArray();
    }
}
