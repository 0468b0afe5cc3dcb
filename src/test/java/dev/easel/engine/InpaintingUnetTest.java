package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.synth.SyntheticModel;
import dev.easel.engine.synth.TinyGraphs;
import dev.easel.media.Mask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 9-channel (inpainting) UNet is detected and fed the mask and masked-image latents. */
class InpaintingUnetTest {

    @Test
    void inpaintingUnetEditsKeepingTheOutsideExactly(@TempDir Path dir) throws IOException {
        SyntheticModel.write(dir, SyntheticModel.Shape.TINY, 42);
        GeneratedImage source;
        try (DiffusionModel plain = DiffusionModel.load(dir, TestModels.runtime())) {
            source = plain.generate(
                    ImageJob.text("a house", 128, 128, 3, 0, 1), GenerationListener.NONE, CancelToken.NEVER);
        }
        TinyGraphs.unet(dir.resolve("unet"), 43, 9);
        try (DiffusionModel inpainting = DiffusionModel.load(dir, TestModels.runtime())) {
            assertThat(inpainting.info().inpaintingUnet()).isTrue();
            Mask mask = EditTest.rectangle(40, 40, 90, 90);
            ImageJob job = ImageJob.text("a window", 128, 128, 4, 0, 2)
                    .withInit(new Init.Edit(new SourceImage.PixelsOnly(source.image()), 1.0, new Init.Masked(mask)));
            GeneratedImage edited = inpainting.generate(job, GenerationListener.NONE, CancelToken.NEVER);
            EditTest.assertKeptOutside(edited.image(), source.image(), List.of(mask));
            assertThat(edited.image().rgb()).isNotEqualTo(source.image().rgb());

            assertThatThrownBy(() -> inpainting.generate(
                            ImageJob.text("x", 64, 64, 1, 0, 1), GenerationListener.NONE, CancelToken.NEVER))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("inpainting UNet");
        }
    }
}
