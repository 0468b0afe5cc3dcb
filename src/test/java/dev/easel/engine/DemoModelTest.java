package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.sched.SchedulerKind;
import dev.easel.media.RgbImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The analytic demo model: pictures depend on the prompt, previews converge to the result. */
class DemoModelTest {
    private final DiffusionModel demo = TestModels.demo();

    @ParameterizedTest
    @EnumSource(SchedulerKind.class)
    void eachPreviewIsCloserToTheFinalImageThanTheOneBefore(SchedulerKind kind) {
        List<RgbImage> previews = new ArrayList<>();
        GenerationListener listener = new GenerationListener() {
            @Override
            public void onPreview(PreviewImage p) {
                previews.add(p.image());
            }
        };
        // LCM is a few-step sampler that re-noises between steps; give it the step count it is made for.
        int steps = kind == SchedulerKind.LCM ? 4 : 12;
        ImageJob job = ImageJob.text("a lighthouse at dawn", 128, 128, steps, 0, 21)
                .withScheduler(kind)
                .withPreviews(3);
        RgbImage result = demo.generate(job, listener, CancelToken.NEVER).image();
        assertThat(previews).hasSize(3);
        double previous = 0;
        for (RgbImage preview : previews) {
            double psnr = ImageMetrics.psnr(preview, result);
            assertThat(psnr).as("PSNR of preview to final with %s", kind).isGreaterThan(previous);
            previous = psnr;
        }
    }

    @Test
    void differentPromptsGiveVisiblyDifferentPictures() {
        RgbImage fox = demo.generate(
                        ImageJob.text("a red fox", 128, 128, 8, 0, 1), GenerationListener.NONE, CancelToken.NEVER)
                .image();
        RgbImage sea = demo.generate(
                        ImageJob.text("a calm blue sea", 128, 128, 8, 0, 1), GenerationListener.NONE, CancelToken.NEVER)
                .image();
        assertThat(ImageMetrics.meanAbsDiff(fox, sea)).isGreaterThan(20);
    }

    @Test
    void theSeedChangesOnlyTheGrainNotThePicture() {
        RgbImage a = demo.generate(
                        ImageJob.text("a red fox", 128, 128, 12, 0, 1), GenerationListener.NONE, CancelToken.NEVER)
                .image();
        RgbImage b = demo.generate(
                        ImageJob.text("a red fox", 128, 128, 12, 0, 2), GenerationListener.NONE, CancelToken.NEVER)
                .image();
        assertThat(a.rgb()).isNotEqualTo(b.rgb());
        assertThat(ImageMetrics.psnr(a, b)).isGreaterThan(20);
    }
}
