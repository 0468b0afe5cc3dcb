package dev.easel.engine.sd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shared leaf stays a leaf, and its values are the published ones. */
class SdLeafTest {

    @Test
    void importsNothingFromEasel() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/easel/engine/sd"))) {
            List<String> easelImports = files.flatMap(SdLeafTest::lines)
                    .filter(line -> line.startsWith("import dev.easel.") || line.startsWith("import static dev.easel."))
                    .toList();
            assertThat(easelImports).isEmpty();
        }
    }

    @Test
    void latentFactorsAreComfyUisAndCopiedOut() {
        float[][] factors = Sd1Latents.rgbFactors();
        assertThat(factors[0]).containsExactly(0.3512f, 0.2297f, 0.3227f);
        assertThat(factors[3]).containsExactly(-0.2120f, -0.2616f, -0.7177f);
        factors[0][0] = 0;
        assertThat(Sd1Latents.rgbFactors()[0][0]).isEqualTo(0.3512f);
        assertThat(Sd1Latents.SCALING_FACTOR).isEqualTo(0.18215f);
    }

    @Test
    void clipBytesSpellSpaceAndControlsAboveLatin1() {
        assertThat(ClipBytes.encode(new byte[] {'a', ' ', '!', 0})).isEqualTo("aĠ!Ā");
        assertThat(ClipBytes.of((byte) 0xFF)).isEqualTo('ÿ');
    }

    @Test
    void pairsUseBothHalvesAndCosineOnlyTheFirst() {
        float[] pair = BoxMuller.pairs(new SplittableRandom(7), 3);
        SplittableRandom again = new SplittableRandom(7);
        assertThat(pair[0]).isEqualTo((float) BoxMuller.cosineOnly(again));
        // The third value starts the second transform, which cosineOnly draws next.
        assertThat(pair[2]).isEqualTo((float) BoxMuller.cosineOnly(again));
        assertThat(pair[1]).isNotEqualTo(pair[0]);
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
