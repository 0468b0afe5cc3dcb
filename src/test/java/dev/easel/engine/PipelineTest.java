package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.sched.SchedulerKind;
import dev.easel.media.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** End to end on the tiny model: determinism, sizes, previews, cancellation, schedulers, guidance. */
class PipelineTest {
    private final DiffusionModel tiny = TestModels.tiny();

    @Test
    void sameSeedGivesBitIdenticalPixelsAndLatents() {
        ImageJob job = ImageJob.text("a red fox", 64, 64, 4, 0, 7);
        GeneratedImage a = tiny.generate(job, GenerationListener.NONE, CancelToken.NEVER);
        GeneratedImage b = tiny.generate(job, GenerationListener.NONE, CancelToken.NEVER);
        assertThat(a.image().rgb()).isEqualTo(b.image().rgb());
        assertThat(a.latents().data()).isEqualTo(b.latents().data());

        GeneratedImage other =
                tiny.generate(ImageJob.text("a red fox", 64, 64, 4, 0, 8), GenerationListener.NONE, CancelToken.NEVER);
        assertThat(other.image().rgb()).isNotEqualTo(a.image().rgb());
    }

    @Test
    void producesTheRequestedSizeAndMatchingLatents() {
        GeneratedImage result =
                tiny.generate(ImageJob.text("wide", 96, 64, 2, 0, 1), GenerationListener.NONE, CancelToken.NEVER);
        assertThat(result.image().width()).isEqualTo(96);
        assertThat(result.image().height()).isEqualTo(64);
        assertThat(result.latents().width()).isEqualTo(12);
        assertThat(result.latents().height()).isEqualTo(8);
        assertThat(result.latents().channels()).isEqualTo(4);
        assertThat(result.stepsRun()).isEqualTo(2);
    }

    @Test
    void sizeOutsideTheModelsLimitsIsRefused() {
        assertThatThrownBy(() ->
                        tiny.generate(ImageJob.text("x", 32, 64, 1, 0, 1), GenerationListener.NONE, CancelToken.NEVER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from 64 to 2048");
        assertThatThrownBy(() -> ImageJob.text("x", 65, 64, 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of 8");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"0,6,0", "1,6,1", "2,6,2", "3,6,3", "3,2,2", "5,8,5"})
    void previewsAreSpreadEvenlyOverTheSteps(int requested, int steps, int expected) {
        List<PreviewImage> previews = new ArrayList<>();
        List<Integer> stepNumbers = new ArrayList<>();
        GenerationListener listener = new GenerationListener() {
            @Override
            public void onStep(StepProgress p) {
                stepNumbers.add(p.step());
            }

            @Override
            public void onPreview(PreviewImage preview) {
                previews.add(preview);
            }
        };
        tiny.generate(ImageJob.text("p", 64, 64, steps, 0, 3).withPreviews(requested), listener, CancelToken.NEVER);
        assertThat(previews).hasSize(expected);
        assertThat(stepNumbers).hasSize(steps);
        for (int i = 0; i < previews.size(); i++) {
            PreviewImage p = previews.get(i);
            assertThat(p.previewIndex()).isEqualTo(i);
            assertThat(p.image().width()).isEqualTo(64);
            assertThat(p.step())
                    .isEqualTo(DiffusionRun.previewSteps(steps, requested).get(i));
        }
    }

    @Test
    void previewStepsFormula() {
        assertThat(DiffusionRun.previewSteps(25, 3)).containsExactly(7, 13, 19);
        assertThat(DiffusionRun.previewSteps(4, 1)).containsExactly(2);
        assertThat(DiffusionRun.previewSteps(4, 3)).containsExactly(1, 2, 3);
        assertThat(DiffusionRun.previewSteps(2, 3)).containsExactly(1, 2);
        assertThat(DiffusionRun.previewSteps(10, 0)).isEmpty();
    }

    @Test
    void cancellationStopsWithinOneStep() {
        AtomicInteger steps = new AtomicInteger();
        GenerationListener counter = new GenerationListener() {
            @Override
            public void onStep(StepProgress p) {
                steps.incrementAndGet();
            }
        };
        CancelToken afterTwo = () -> steps.get() >= 2;
        assertThatThrownBy(() -> tiny.generate(ImageJob.text("p", 64, 64, 10, 0, 1), counter, afterTwo))
                .isInstanceOf(GenerationCancelledException.class)
                .satisfies(e -> assertThat(((GenerationCancelledException) e).completedSteps())
                        .isEqualTo(2));
        assertThat(steps.get()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(SchedulerKind.class)
    void everySchedulerRunsDeterministically(SchedulerKind kind) {
        ImageJob job = ImageJob.text("a castle", 64, 64, 4, 0, 11).withScheduler(kind);
        GeneratedImage a = tiny.generate(job, GenerationListener.NONE, CancelToken.NEVER);
        GeneratedImage b = tiny.generate(job, GenerationListener.NONE, CancelToken.NEVER);
        assertThat(a.image().rgb()).isEqualTo(b.image().rgb());
        for (float v : a.latents().data()) {
            assertThat(Float.isFinite(v)).isTrue();
        }
    }

    @Test
    void guidanceAboveOneUsesTheNegativePrompt() {
        ImageJob base = ImageJob.text("a castle", 64, 64, 3, 7.5, 5);
        RgbImage guided =
                tiny.generate(base, GenerationListener.NONE, CancelToken.NEVER).image();
        RgbImage negative = tiny.generate(
                        base.withNegativePrompt("blurry, low quality"), GenerationListener.NONE, CancelToken.NEVER)
                .image();
        RgbImage unguided = tiny.generate(
                        ImageJob.text("a castle", 64, 64, 3, 0, 5), GenerationListener.NONE, CancelToken.NEVER)
                .image();
        assertThat(guided.rgb()).isNotEqualTo(negative.rgb());
        assertThat(guided.rgb()).isNotEqualTo(unguided.rgb());
    }

    @Test
    void guidanceOfOneOrLessSkipsTheUnconditionalPass() {
        RgbImage zero = tiny.generate(
                        ImageJob.text("a castle", 64, 64, 3, 0, 5), GenerationListener.NONE, CancelToken.NEVER)
                .image();
        RgbImage one = tiny.generate(
                        ImageJob.text("a castle", 64, 64, 3, 1, 5).withNegativePrompt("anything"),
                        GenerationListener.NONE,
                        CancelToken.NEVER)
                .image();
        assertThat(one.rgb()).isEqualTo(zero.rgb());
    }

    @Test
    void timingsAccountForTheRun() {
        GeneratedImage r = tiny.generate(
                ImageJob.text("p", 64, 64, 3, 7.5, 1).withPreviews(2), GenerationListener.NONE, CancelToken.NEVER);
        StageTimings t = r.timings();
        assertThat(t.unetStepNanos()).hasSize(3);
        assertThat(t.nanos(Stage.TEXT_ENCODER)).isPositive();
        assertThat(t.nanos(Stage.VAE_DECODER)).isPositive();
        assertThat(t.nanos(Stage.PREVIEW)).isPositive();
        assertThat(t.ortNanos()).isPositive().isLessThanOrEqualTo(t.totalNanos());
    }

    @Test
    void tinyUsesItsTaesdDecoderForPreviews() {
        assertThat(tiny.info().previewDecoder()).isEqualTo("taesd");
        assertThat(TestModels.demo().info().previewDecoder()).isEqualTo("linear");
    }
}
