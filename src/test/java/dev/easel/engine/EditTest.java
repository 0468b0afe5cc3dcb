package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** img2img and inpainting on the tiny (latent_sample encoder) and demo (latent_parameters) models. */
class EditTest {
    private static final int SIZE = 128;

    @Test
    void img2imgRunsIntStepsTimesStrengthAndAtLeastOne() {
        DiffusionModel tiny = TestModels.tiny();
        GeneratedImage source = tiny.generate(
                ImageJob.text("a house", SIZE, SIZE, 4, 0, 1), GenerationListener.NONE, CancelToken.NEVER);
        assertThat(edit(tiny, source, 10, 0.55, new Init.WholeImage()).stepsRun())
                .isEqualTo(5);
        assertThat(edit(tiny, source, 10, 1.0, new Init.WholeImage()).stepsRun())
                .isEqualTo(10);
        assertThat(edit(tiny, source, 4, 0.1, new Init.WholeImage()).stepsRun()).isEqualTo(1);
    }

    @Test
    void img2imgFromPixelsEncodesWithEitherEncoderKind() {
        for (DiffusionModel model : List.of(TestModels.tiny(), TestModels.demo())) {
            GeneratedImage source = model.generate(
                    ImageJob.text("a lake", SIZE, SIZE, 4, 0, 2), GenerationListener.NONE, CancelToken.NEVER);
            ImageJob job = ImageJob.text("a lake at night", SIZE, SIZE, 8, 0, 3)
                    .withInit(new Init.Edit(new SourceImage.PixelsOnly(source.image()), 0.5, new Init.WholeImage()));
            GeneratedImage edited = model.generate(job, GenerationListener.NONE, CancelToken.NEVER);
            assertThat(edited.stepsRun()).isEqualTo(4);
            assertThat(edited.image().rgb()).isNotEqualTo(source.image().rgb());
            GeneratedImage again = model.generate(job, GenerationListener.NONE, CancelToken.NEVER);
            assertThat(again.image().rgb()).isEqualTo(edited.image().rgb());
        }
    }

    @Test
    void lowStrengthStaysCloserToTheSourceThanHighStrength() {
        DiffusionModel demo = TestModels.demo();
        GeneratedImage source = demo.generate(
                ImageJob.text("a red fox", SIZE, SIZE, 8, 0, 4), GenerationListener.NONE, CancelToken.NEVER);
        RgbImage low = edit(demo, source, 10, 0.2, new Init.WholeImage(), "a blue whale")
                .image();
        RgbImage high = edit(demo, source, 10, 1.0, new Init.WholeImage(), "a blue whale")
                .image();
        assertThat(ImageMetrics.psnr(low, source.image())).isGreaterThan(ImageMetrics.psnr(high, source.image()) + 3);
    }

    @Test
    void inpaintingKeepsEveryPixelBeyondTheFeatherMarginExactly() {
        for (DiffusionModel model : List.of(TestModels.tiny(), TestModels.demo())) {
            GeneratedImage source = model.generate(
                    ImageJob.text("a garden", SIZE, SIZE, 4, 0, 5), GenerationListener.NONE, CancelToken.NEVER);
            Mask mask = rectangle(40, 36, 80, 90);
            GeneratedImage edited = edit(model, source, 6, 1.0, new Init.Masked(mask), "a dragon");
            assertKeptOutside(edited.image(), source.image(), List.of(mask));
            assertThat(changedInside(edited.image(), source.image(), mask)).isGreaterThan(0);
        }
    }

    @Test
    void unmaskedPixelsSurviveManyRoundsFromPixelsAndFromLatents() {
        DiffusionModel demo = TestModels.demo();
        GeneratedImage round0 = demo.generate(
                ImageJob.text("a beach", SIZE, SIZE, 6, 0, 6), GenerationListener.NONE, CancelToken.NEVER);
        List<Mask> masks = List.of(
                rectangle(0, 0, 40, 40),
                rectangle(88, 0, 128, 48),
                rectangle(30, 80, 70, 128),
                rectangle(60, 50, 100, 80));
        GeneratedImage current = round0;
        for (int round = 0; round < masks.size(); round++) {
            SourceImage src = round % 2 == 0
                    ? new SourceImage.Known(current.image(), current.latents())
                    : new SourceImage.PixelsOnly(current.image());
            ImageJob job = ImageJob.text("round " + round + " a tree", SIZE, SIZE, 6, 0, 100 + round)
                    .withInit(new Init.Edit(src, 1.0, new Init.Masked(masks.get(round))));
            current = demo.generate(job, GenerationListener.NONE, CancelToken.NEVER);
            assertKeptOutside(current.image(), round0.image(), masks.subList(0, round + 1));
        }
    }

    @Test
    void maskOfAnotherSizeIsRefused() {
        DiffusionModel tiny = TestModels.tiny();
        GeneratedImage source =
                tiny.generate(ImageJob.text("x", SIZE, SIZE, 1, 0, 1), GenerationListener.NONE, CancelToken.NEVER);
        Mask wrong = new Mask(64, 64, new float[64 * 64]);
        assertThatThrownBy(() -> edit(tiny, source, 2, 1.0, new Init.Masked(wrong)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mask is 64x64");
    }

    private static GeneratedImage edit(
            DiffusionModel m, GeneratedImage src, int steps, double strength, Init.MaskChoice mask) {
        return edit(m, src, steps, strength, mask, "an edit");
    }

    private static GeneratedImage edit(
            DiffusionModel m, GeneratedImage src, int steps, double strength, Init.MaskChoice mask, String prompt) {
        ImageJob job = ImageJob.text(prompt, src.image().width(), src.image().height(), steps, 0, 9)
                .withInit(new Init.Edit(new SourceImage.Known(src.image(), src.latents()), strength, mask));
        return m.generate(job, GenerationListener.NONE, CancelToken.NEVER);
    }

    static Mask rectangle(int x0, int y0, int x1, int y1) {
        return rectangle(SIZE, x0, y0, x1, y1);
    }

    /** A {@code size}×{@code size} mask that changes the rectangle [x0, x1) × [y0, y1). */
    static Mask rectangle(int size, int x0, int y0, int x1, int y1) {
        float[] v = new float[size * size];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                v[y * size + x] = 1f;
            }
        }
        return new Mask(size, size, v);
    }

    /** Every pixel farther than the margin from all masks equals the source, byte for byte. */
    static void assertKeptOutside(RgbImage actual, RgbImage source, List<Mask> masks) {
        int w = actual.width();
        int h = actual.height();
        boolean[] near = nearAnyMask(masks, w, h);
        int checked = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (near[y * w + x]) {
                    continue;
                }
                checked++;
                for (int c = 0; c < 3; c++) {
                    if (actual.at(x, y, c) != source.at(x, y, c)) {
                        throw new AssertionError("pixel (" + x + "," + y + ") channel " + c + " changed: "
                                + source.at(x, y, c) + " -> " + actual.at(x, y, c));
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(w * h / 10);
    }

    /** The pixels within {@link MaskGeometry#MARGIN} of a pixel that one of {@code masks} changes. */
    private static boolean[] nearAnyMask(List<Mask> masks, int w, int h) {
        int m = MaskGeometry.MARGIN;
        boolean[] near = new boolean[w * h];
        for (Mask mask : masks) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (mask.changes(x, y)) {
                        for (int yy = Math.max(0, y - m); yy <= Math.min(h - 1, y + m); yy++) {
                            java.util.Arrays.fill(
                                    near, yy * w + Math.max(0, x - m), yy * w + Math.min(w - 1, x + m) + 1, true);
                        }
                    }
                }
            }
        }
        return near;
    }

    private static int changedInside(RgbImage a, RgbImage b, Mask mask) {
        int n = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if (mask.changes(x, y) && a.at(x, y, 0) != b.at(x, y, 0)) {
                    n++;
                }
            }
        }
        return n;
    }
}
