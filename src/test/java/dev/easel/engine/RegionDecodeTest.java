package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.synth.SyntheticModel;
import dev.easel.engine.synth.TinyGraphs;
import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A masked edit decodes only the latents around a small mask ({@link RegionDecode}), pasted into
 * the kept pixels: the pixels outside the feather stay the source's exactly, the picture and its
 * latents keep their full size, and a large mask, an unmasked edit, a text-to-image run or a
 * decoder of fixed input size decode the whole grid.
 */
class RegionDecodeTest {
    private static final int SIZE = 512;
    private static final int LATENTS = SIZE / 8;

    @Test
    void tenRoundsOfRegionDecodesKeepEveryPixelBeyondTheFeatherMarginExactly() {
        DiffusionModel demo = TestModels.demo();
        GeneratedImage round0 = generate(demo, "a harbour", 1);
        List<Mask> masks = new ArrayList<>();
        GeneratedImage current = round0;
        for (int round = 1; round <= 10; round++) {
            // A ninth of the picture each round, over the top two thirds: the bottom third is never masked.
            int x0 = ((round - 1) % 3) * SIZE / 3;
            int y0 = (((round - 1) / 3) % 2) * SIZE / 3;
            Mask mask = EditTest.rectangle(SIZE, x0, y0, x0 + SIZE / 3, y0 + SIZE / 3);
            masks.add(mask);
            SourceImage src = round % 2 == 0
                    ? new SourceImage.Known(current.image(), current.latents())
                    : new SourceImage.PixelsOnly(current.image());
            GeneratedImage previous = current;
            current = edit(demo, src, mask, "round " + round + " a lighthouse", 10 + round);
            LatentRegion decoded = current.timings().decodedRegion().orElseThrow();
            assertThat(decoded.area()).isLessThan(LATENTS * LATENTS / 2);
            EditTest.assertKeptOutside(current.image(), previous.image(), List.of(mask));
            EditTest.assertKeptOutside(current.image(), round0.image(), masks);
        }
    }

    @Test
    void aSmallMaskDecodesItsBoundsWithTheDecodersContextAndKeepsFullSizePictureAndLatents() {
        DiffusionModel demo = TestModels.demo();
        GeneratedImage source = generate(demo, "a garden", 2);
        Mask mask = EditTest.rectangle(SIZE, 200, 100, 300, 180);
        GeneratedImage edited =
                edit(demo, new SourceImage.Known(source.image(), source.latents()), mask, "a fountain", 3);

        // Latent rows 12..22 and columns 25..37 hold masked pixels; one latent of feather, then the context.
        int c = RegionDecode.CONTEXT;
        assertThat(edited.timings().decodedRegion()).contains(new LatentRegion(24 - c, 11 - c, 15 + 2 * c, 13 + 2 * c));
        assertThat(edited.image().width()).isEqualTo(SIZE);
        assertThat(edited.image().height()).isEqualTo(SIZE);
        Latents latents = edited.latents();
        assertThat(List.of(latents.channels(), latents.height(), latents.width()))
                .containsExactly(4, LATENTS, LATENTS);

        // The demo decoder is local (a 1×1 conv, a linear ×8 resize), so the crop's pixels are the
        // full decode's: the picture is the full decode pasted into the source, to the byte.
        MaskGeometry geometry = new MaskGeometry(mask);
        RgbImage whole = geometry.composite(demo.decode(latents), LatentRegion.whole(LATENTS, LATENTS), source.image());
        assertThat(edited.image().rgb()).isEqualTo(whole.rgb());
        assertThat(edited.image().rgb()).isNotEqualTo(source.image().rgb());
    }

    @Test
    void aLargeMaskAnUnmaskedEditAndATextRunDecodeTheWholeGrid() {
        DiffusionModel demo = TestModels.demo();
        GeneratedImage source = generate(demo, "a field", 4);
        LatentRegion whole = LatentRegion.whole(LATENTS, LATENTS);
        assertThat(source.timings().decodedRegion()).contains(whole);

        SourceImage known = new SourceImage.Known(source.image(), source.latents());
        Mask large = EditTest.rectangle(SIZE, 64, 64, 448, 448);
        assertThat(edit(demo, known, large, "a forest", 5).timings().decodedRegion())
                .contains(whole);

        ImageJob unmasked = ImageJob.text("a desert", SIZE, SIZE, 6, 0, 6)
                .withInit(new Init.Edit(known, 0.5, new Init.WholeImage()));
        assertThat(demo.generate(unmasked, GenerationListener.NONE, CancelToken.NEVER)
                        .timings()
                        .decodedRegion())
                .contains(whole);
    }

    @Test
    void aDecoderExportedForOneSizeDecodesTheWholeGridAndStillKeepsTheOutside(@TempDir Path dir) throws IOException {
        SyntheticModel.write(dir, SyntheticModel.Shape.TINY, 42);
        TinyGraphs.fixedSizeVaeDecoder(dir.resolve("vae_decoder"), 44, LATENTS);
        try (DiffusionModel fixed = DiffusionModel.load(dir, TestModels.runtime())) {
            GeneratedImage source = generate(fixed, "a house", 7);
            Mask mask = EditTest.rectangle(SIZE, 40, 40, 120, 120);
            GeneratedImage edited =
                    edit(fixed, new SourceImage.Known(source.image(), source.latents()), mask, "a door", 8);
            assertThat(edited.timings().decodedRegion()).contains(LatentRegion.whole(LATENTS, LATENTS));
            EditTest.assertKeptOutside(edited.image(), source.image(), List.of(mask));
        }
    }

    @Test
    void latentCropsTakeEveryChannelsRowsOfTheRegion() {
        float[] data = new float[2 * 3 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        Latents latents = new Latents(2, 3, 4, data);
        Latents crop = latents.crop(new LatentRegion(1, 1, 2, 2));
        assertThat(crop.data()).containsExactly(5, 6, 9, 10, 17, 18, 21, 22);
        assertThat(latents.crop(LatentRegion.whole(4, 3))).isSameAs(latents);
    }

    private static GeneratedImage generate(DiffusionModel model, String prompt, long seed) {
        return model.generate(
                ImageJob.text(prompt, SIZE, SIZE, 6, 0, seed), GenerationListener.NONE, CancelToken.NEVER);
    }

    private static GeneratedImage edit(DiffusionModel model, SourceImage src, Mask mask, String prompt, long seed) {
        ImageJob job =
                ImageJob.text(prompt, SIZE, SIZE, 6, 0, seed).withInit(new Init.Edit(src, 0.5, new Init.Masked(mask)));
        return model.generate(job, GenerationListener.NONE, CancelToken.NEVER);
    }
}
