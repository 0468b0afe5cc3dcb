package dev.easel.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.charts.ChartKind;
import dev.easel.charts.ChartSpec;
import dev.easel.charts.Placement;
import dev.easel.charts.Poster;
import dev.easel.charts.Series;
import dev.easel.engine.CacheUse;
import dev.easel.engine.EngineUse;
import dev.easel.engine.FinalDecoder;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.GenerationCancelledException;
import dev.easel.engine.ImageJob;
import dev.easel.engine.ImagePrompt;
import dev.easel.engine.Init;
import dev.easel.engine.InpaintArea;
import dev.easel.engine.LatentRegion;
import dev.easel.engine.Latents;
import dev.easel.engine.PreviewImage;
import dev.easel.engine.RunOptions;
import dev.easel.engine.SourceImage;
import dev.easel.engine.Stage;
import dev.easel.engine.StageTimings;
import dev.easel.engine.UnetPrecision;
import dev.easel.engine.sched.SchedulerKind;
import dev.easel.images.Background;
import dev.easel.images.ImageTask;
import dev.easel.media.Alpha;
import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import dev.easel.safety.moderation.ModerationLevel;
import dev.easel.wire.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TaskCodecTest {
    private static final Random random = new Random(3);

    private static RgbImage picture(int size) {
        byte[] rgb = new byte[size * size * 3];
        random.nextBytes(rgb);
        return new RgbImage(size, size, rgb);
    }

    private static Latents latents(int size) {
        float[] data = new float[4 * (size / 8) * (size / 8)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return new Latents(4, size / 8, size / 8, data);
    }

    @Test
    void aTaskWithEveryKindOfPartComesBackTheSame() {
        float[] mask = new float[16 * 16];
        mask[17] = 1;
        ImageJob edit = new ImageJob(
                "a red barn, \"quoted\" ünïcode",
                "blurry",
                16,
                16,
                7,
                4.5,
                -42L,
                Optional.of(SchedulerKind.EULER_ANCESTRAL),
                3,
                new Init.Edit(
                        new SourceImage.Known(picture(16), latents(16)), 0.6, new Init.Masked(new Mask(16, 16, mask))),
                RunOptions.DEFAULTS
                        .withPrecision(UnetPrecision.INT8)
                        .withDecoder(FinalDecoder.TAESD)
                        .withGuidanceInterval(0.5)
                        .withInpaintArea(InpaintArea.AROUND_MASK),
                new ImagePrompt.References(List.of(picture(8), picture(16)), OptionalDouble.of(0.7)));
        ImageJob plain = ImageJob.text("plain", 8, 8, 1, 0, 5)
                .withInit(new Init.Edit(new SourceImage.PixelsOnly(picture(8)), 1, new Init.WholeImage()));
        ChartSpec chart = new ChartSpec(
                ChartKind.CANDLESTICK,
                "Prices",
                new ChartSpec.AxisLabels("day", "price", "EUR"),
                List.of(new Series.Candles("ACME", List.of(new Series.Candle("Mon", 1, 3, 0.5, 2)))),
                "exchange",
                200,
                100);
        ImageTask task = new ImageTask(
                "demo",
                List.of(edit, plain, ImageJob.text("third", 8, 8, 2, 1, 6)),
                ModerationLevel.LOW,
                new ImageTask.Finish.Overlaid(
                        new Poster.Overlay(Optional.of("Headline"), Placement.BOTTOM, Optional.of(chart))),
                Background.TRANSPARENT);

        ImageTask back = TaskCodec.task(TaskCodec.task(task));

        assertThat(back).usingRecursiveComparison().isEqualTo(task);
        Init.Edit backEdit = (Init.Edit) back.jobs().getFirst().init();
        assertThat(backEdit.source()).isInstanceOf(SourceImage.Known.class);
        assertThat(((Init.Masked) backEdit.mask()).mask().values()).containsExactly(mask);
        assertThat(back.jobs().get(1).init()).isInstanceOf(Init.Edit.class);
        assertThat(back.jobs().get(2).init()).isInstanceOf(Init.Noise.class);
        assertThat(back.jobs().get(2).imagePrompt()).isInstanceOf(ImagePrompt.None.class);
        assertThat(new ImageTask("m", List.of(ImageJob.text("x", 8, 8, 1, 0, 1))))
                .usingRecursiveComparison()
                .isEqualTo(
                        TaskCodec.task(TaskCodec.task(new ImageTask("m", List.of(ImageJob.text("x", 8, 8, 1, 0, 1))))));
        assertThat(TaskCodec.task(task).length)
                .as("binary: the pixels, latents and mask go as bytes and floats, not text")
                .isLessThan(16 * 16 * 3 * 3 + 16 * 16 * 5 + 8 * 8 * 3 + 3 * 16 * 5 + 4000);
    }

    @Test
    void imagesAndPreviewsComeBackWithTheirTimingsAndAlpha() {
        StageTimings timings = StageTimings.of(new StageTimings.Snapshot(
                Map.of(Stage.UNET, 30L, Stage.VAE_DECODER, 7L),
                List.of(10L, 20L),
                25,
                40,
                Optional.of(new LatentRegion(0, 0, 2, 2))));
        RgbImage pixels = picture(16);
        GeneratedImage image = new GeneratedImage(
                        pixels,
                        latents(16),
                        99,
                        4,
                        timings,
                        new CacheUse(1, 2, true),
                        new EngineUse(UnetPrecision.FP32, FinalDecoder.VAE, 1, 4, false, InpaintArea.WHOLE_PICTURE))
                .withAlpha(new Alpha(16, 16, new byte[256]));

        GeneratedImage back = TaskCodec.image(TaskCodec.image(image));
        assertThat(back).usingRecursiveComparison().ignoringFields("timings").isEqualTo(image);
        assertThat(back.timings().snapshot()).isEqualTo(timings.snapshot());
        assertThat(back.timings().nanos(Stage.UNET)).isEqualTo(30);

        PreviewImage preview = new PreviewImage(1, 3, 4, pixels);
        assertThat(TaskCodec.preview(TaskCodec.preview(preview)))
                .usingRecursiveComparison()
                .isEqualTo(preview);
    }

    @Test
    void failuresComeBackAsTheErrorsTheyWere() {
        RuntimeException blocked = roundTrip(ApiException.moderationBlocked("output", List.of("sexual")));
        assertThat(blocked).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.toErrorObject())
                    .isEqualTo(ApiException.moderationBlocked("output", List.of("sexual"))
                            .toErrorObject());
        });
        assertThat(roundTrip(ApiException.invalid("size", "bad size")))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.toErrorObject())
                                .isEqualTo(
                                        ApiException.invalid("size", "bad size").toErrorObject()));
        assertThat(roundTrip(new GenerationCancelledException(3)))
                .isInstanceOfSatisfying(
                        GenerationCancelledException.class,
                        e -> assertThat(e.completedSteps()).isEqualTo(3));
        RuntimeException other = roundTrip(new IllegalStateException("/secret/path/on/the/worker"));
        assertThat(other).isInstanceOf(ApiException.class);
        assertThat(other.getMessage()).doesNotContain("secret").contains("engine");
    }

    @Test
    void aModelAsAWorkerAnnouncesItComesBackTheSame() {
        dev.easel.engine.ModelInfo info = new dev.easel.engine.ModelInfo(
                "tiny",
                dev.easel.engine.ModelFamily.SDXL,
                new dev.easel.engine.ModelDefaults(4, 0, SchedulerKind.EULER, 1024, 1024),
                1000,
                64,
                2048,
                true,
                false,
                "taesd",
                "cuda:0");
        for (dev.easel.engine.ReferenceSupport references : List.of(
                new dev.easel.engine.ReferenceSupport.IpAdapter(true, 0.6),
                dev.easel.engine.ReferenceSupport.missing("tiny", false))) {
            dev.easel.images.ModelView view = new dev.easel.images.ModelView(info, references, true);
            assertThat(TaskCodec.model(TaskCodec.model(view))).isEqualTo(view);
        }
    }

    private static RuntimeException roundTrip(Throwable failure) {
        return TaskCodec.failure(TaskCodec.failure(TaskCodec.Failure.of(failure)))
                .exception();
    }
}
