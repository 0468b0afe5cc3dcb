package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.synth.MattingGraphs;
import dev.easel.engine.synth.OnnxGraph;
import dev.easel.media.Alpha;
import dev.easel.media.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The matting stage on tiny models with each real export's names: layout found, mask exact. */
class MattingTest {
    private static OrtRuntime runtime;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        runtime = OrtRuntime.create(OrtRuntime.Device.CPU);
    }

    /** Deterministic noise: every alpha value from 0 to 255 is likely somewhere. */
    static RgbImage noise(int width, int height, long seed) {
        byte[] rgb = new byte[width * height * 3];
        new Random(seed).nextBytes(rgb);
        return new RgbImage(width, height, rgb);
    }

    @ParameterizedTest
    @EnumSource(MattingGraphs.Export.class)
    void eachLayoutIsRecognisedAndItsMaskBecomesTheAlphaPixelForPixel(MattingGraphs.Export export) throws Exception {
        MattingGraphs.write(dir, export, 48);
        RgbImage picture = noise(48, 48, 3);
        try (Matting matting = Matting.open(runtime, dir)) {
            assertThat(matting.layout()).isEqualTo(export.name().toLowerCase(java.util.Locale.ROOT));
            Alpha alpha = matting.alpha(picture);
            int exact = 0;
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 48; x++) {
                    int expected = MattingMask.alpha(picture.at(x, y, 0), picture.at(x, y, 1), picture.at(x, y, 2));
                    assertThat(alpha.at(x, y)).as("alpha at %d,%d", x, y).isBetween(expected - 1, expected + 1);
                    exact += alpha.at(x, y) == expected ? 1 : 0;
                }
            }
            // float32 against double: only values on a rounding boundary may differ by one
            assertThat(exact).isGreaterThan(48 * 48 * 95 / 100);
        }
    }

    @Test
    void aPictureOfAnotherSizeIsMattedAtTheModelsSizeAndTheMaskScaledBack() throws Exception {
        MattingGraphs.write(dir, MattingGraphs.Export.U2NET, 32);
        // A flat picture: every size sees the same colour, so the alpha is that colour's everywhere.
        byte[] rgb = new byte[96 * 64 * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) 200;
            rgb[i + 1] = 90;
            rgb[i + 2] = 40;
        }
        try (Matting matting = Matting.open(runtime, dir)) {
            Alpha alpha = matting.alpha(new RgbImage(96, 64, rgb));
            assertThat(alpha.width() + "x" + alpha.height()).isEqualTo("96x64");
            int expected = MattingMask.alpha(200, 90, 40);
            for (int y = 0; y < 64; y += 7) {
                for (int x = 0; x < 96; x += 5) {
                    assertThat(alpha.at(x, y)).isBetween(expected - 1, expected + 1);
                }
            }
        }
    }

    @Test
    void aBirefnetExportTakesItsSizeFromItsPreprocessorConfig() throws Exception {
        MattingGraphs.write(dir, MattingGraphs.Export.BIREFNET, 40);
        try (Matting matting = Matting.open(runtime, dir)) {
            assertThat(matting.description()).contains("input_image 40x40 → output_image, logits");
        }
        // The file alone: no config, so BiRefNet's own 1024².
        try (Matting matting = Matting.open(runtime, dir.resolve("model.onnx"))) {
            assertThat(matting.description()).contains("input_image 1024x1024");
        }
    }

    @Test
    void anUnknownLayoutIsALoadErrorThatSaysWhatIsKnown() throws Exception {
        try (OnnxGraph g = new OnnxGraph("other")) {
            String x = g.input("pixels", OnnxGraph.Type.FLOAT, 1L, 3L, 8L, 8L);
            g.identity(g.op("Sigmoid", x), "mask");
            g.output("mask", OnnxGraph.Type.FLOAT, 1L, 3L, 8L, 8L);
            g.save(dir.resolve("model.onnx"));
        }
        assertThatThrownBy(() -> Matting.open(runtime, dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("[pixels]")
                .hasMessageContaining("input_image → output_image")
                .hasMessageContaining("easel pull --matting");
    }

    @Test
    void aMissingModelSaysHowToGetOne() {
        assertThatThrownBy(() -> Matting.open(runtime, dir.resolve("nowhere")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no matting model at")
                .hasMessageContaining("easel pull --matting");
        assertThat(Files.exists(dir.resolve("nowhere"))).isFalse();
    }
}
