package dev.easel.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordPieceTokenizerTest {
    @TempDir
    Path dir;

    private WordPieceTokenizer tokenizer() throws IOException {
        Path file = Files.writeString(dir.resolve("tokenizer.json"), """
                {"normalizer": {"type": "BertNormalizer", "lowercase": true},
                 "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                   "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "un": 4, "##aff": 5, "##able": 6,
                             "cafe": 7, "!": 8, "a": 9}}}
                """);
        return WordPieceTokenizer.read(file);
    }

    @Test
    void piecesAreGreedyLongestMatchesBetweenClsAndSep() throws IOException {
        WordPieceTokenizer t = tokenizer();
        assertThat(t.encode("Unaffable!", 512)).containsExactly(2, 4, 5, 6, 8, 3);
        assertThat(t.encode("a Café", 512)).as("lower case, accents stripped").containsExactly(2, 9, 7, 3);
        assertThat(t.encode("a zebra", 512)).as("an unknown word").containsExactly(2, 9, 1, 3);
        assertThat(t.encode("a a a a a", 4)).as("cut at the length").containsExactly(2, 9, 9, 3);
    }

    @Test
    void otherTokenizerModelsAreRefused() throws IOException {
        Path bpe = Files.writeString(dir.resolve("bpe.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": {}}}");
        assertThatThrownBy(() -> WordPieceTokenizer.read(bpe)).hasMessageContaining("not a WordPiece tokenizer");
    }
}
