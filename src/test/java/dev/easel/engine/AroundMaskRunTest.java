package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.media.Mask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The opt-in {@link InpaintArea#AROUND_MASK}: the UNet denoises a crop around a small mask, and the
 * result is still the full picture with every pixel beyond the feather margin the source's.
 */
class AroundMaskRunTest {
    private static final int SIZE = 512;
    private static final int LATENTS = SIZE / 8;

    @Test
    void theCropIsTheMasksBoundsWithContextInMultiplesOfEightLatents() {
        ModelInfo info = TestModels.demo().info();
        // Latent columns 25..37 and rows 12..22, one more each side for the feather, then the context.
        Mask mask = EditTest.rectangle(SIZE, 200, 100, 300, 180);
        int c = AroundMaskRun.CONTEXT;
        LatentRegion grown = new LatentRegion(24 - c, 11 - c, 15 + 2 * c, 13 + 2 * c);
        LatentRegion crop = AroundMaskRun.crop(mask, SIZE, SIZE, info).orElseThrow();
        assertThat(crop.width() % AroundMaskRun.MULTIPLE).isZero();
        assertThat(crop.height() % AroundMaskRun.MULTIPLE).isZero();
        assertThat(crop.x()).isLessThanOrEqualTo(grown.x());
        assertThat(crop.y()).isLessThanOrEqualTo(grown.y());
        assertThat(crop.x() + crop.width()).isGreaterThanOrEqualTo(grown.x() + grown.width());
        assertThat(crop.y() + crop.height()).isGreaterThanOrEqualTo(grown.y() + grown.height());
        assertThat(crop.width()).isLessThan(grown.width() + AroundMaskRun.MULTIPLE);

        assertThat(AroundMaskRun.crop(EditTest.rectangle(SIZE, 64, 64, 448, 448), SIZE, SIZE, info))
                .isEmpty();
        assertThat(AroundMaskRun.crop(mask, 256, 256, info)).isEmpty();
    }

    @Test
    void tenRoundsAroundTheMaskKeepEveryPixelBeyondTheFeatherMarginExactly() {
        DiffusionModel demo = TestModels.demo();
        GeneratedImage round0 = demo.generate(
                ImageJob.text("a harbour", SIZE, SIZE, 6, 0, 1), GenerationListener.NONE, CancelToken.NEVER);
        List<Mask> masks = new ArrayList<>();
        GeneratedImage current = round0;
        for (int round = 1; round <= 10; round++) {
            int x0 = ((round - 1) % 3) * SIZE / 3;
            int y0 = (((round - 1) / 3) % 2) * SIZE / 3;
            Mask mask = EditTest.rectangle(SIZE, x0, y0, x0 + SIZE / 3, y0 + SIZE / 3);
            masks.add(mask);
            SourceImage src = round % 2 == 0
                    ? new SourceImage.Known(current.image(), current.latents())
                    : new SourceImage.PixelsOnly(current.image());
            GeneratedImage previous = current;
            ImageJob job = ImageJob.text("round " + round + " a lighthouse", SIZE, SIZE, 6, 0, 10 + round)
                    .withInit(new Init.Edit(src, 0.5, new Init.Masked(mask)))
                    .withOptions(RunOptions.DEFAULTS.withInpaintArea(InpaintArea.AROUND_MASK))
                    .withPreviews(2);
            List<PreviewImage> previews = new ArrayList<>();
            current = demo.generate(
                    job,
                    new GenerationListener() {
                        @Override
                        public void onPreview(PreviewImage preview) {
                            previews.add(preview);
                        }
                    },
                    CancelToken.NEVER);

            LatentRegion crop =
                    AroundMaskRun.crop(mask, SIZE, SIZE, demo.info()).orElseThrow();
            assertThat(current.timings().decodedRegion().orElseThrow().area()).isLessThanOrEqualTo(crop.area());
            assertThat(current.image().width()).isEqualTo(SIZE);
            assertThat(current.latents().width()).isEqualTo(LATENTS);
            assertThat(previews).allSatisfy(p -> assertThat(p.image().width()).isEqualTo(SIZE));
            EditTest.assertKeptOutside(current.image(), previous.image(), List.of(mask));
            EditTest.assertKeptOutside(current.image(), round0.image(), masks);
        }
    }
}
