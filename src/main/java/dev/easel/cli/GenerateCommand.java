package dev.easel.cli;

import dev.easel.engine.CancelToken;
import dev.easel.engine.DiffusionModel;
import dev.easel.engine.EngineCaches;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.GenerationListener;
import dev.easel.engine.ImageJob;
import dev.easel.engine.Init;
import dev.easel.engine.ModelDefaults;
import dev.easel.engine.PreviewImage;
import dev.easel.engine.RunOptions;
import dev.easel.engine.SourceImage;
import dev.easel.engine.StepProgress;
import dev.easel.engine.sched.SchedulerKind;
import dev.easel.images.ImageTask;
import dev.easel.images.OutputMark;
import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code easel generate "prompt" --model DIR -o out.png}: one image, with previews and progress. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generate (or, with --image, edit) one image with a local model.")
final class GenerateCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The prompt.")
    String prompt;

    @Option(
            names = "--model",
            defaultValue = "${env:EASEL_MODEL:-models/demo}",
            description = "Model folder (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "out.png",
            description = "Output PNG (default: ${DEFAULT-VALUE}); previews go beside it as NAME.partial-K.png.")
    Path output;

    @Option(
            names = "--size",
            converter = SizeConverter.class,
            description = "WxH, multiples of 8 (default: the model's).")
    SizeConverter.Size size;

    @Option(names = "--steps", description = "Denoising steps (default: the model's).")
    Integer steps;

    @Option(names = "--seed", description = "Seed (default: random, printed).")
    Long seed;

    @Option(names = "--partial-images", defaultValue = "0", description = "Previews to write (default: 0).")
    int partialImages;

    @Option(names = "--scheduler", description = "euler, euler_a, ddim or lcm (default: the model's).")
    String scheduler;

    @Option(
            names = "--guidance",
            description = "Classifier-free guidance scale; ≤ 1 skips the unconditional pass (default: the model's).")
    Double guidance;

    @Option(names = "--negative-prompt", defaultValue = "", description = "What to steer away from.")
    String negativePrompt;

    @Option(names = "--image", description = "Edit this image instead of starting from noise.")
    Path image;

    @Option(names = "--mask", description = "With --image: PNG whose transparent pixels mark the area to change.")
    Path mask;

    @Option(
            names = "--strength",
            defaultValue = "0.75",
            description = "With --image: how far the edit may move (0-1] (default: ${DEFAULT-VALUE}).")
    double strength;

    @Option(
            names = "--provenance-watermark",
            arity = "1",
            defaultValue = "true",
            paramLabel = "true|false",
            description =
                    "Embed Easel's invisible watermark in the image and its previews (default: ${DEFAULT-VALUE}).")
    boolean watermark;

    @Mixin
    DeviceOption device;

    /** The job running, for the previews' watermark. */
    private ImageJob job;

    private OutputMark mark() {
        return watermark ? new OutputMark.Invisible(Clock.systemUTC(), EngineCaches.none()) : new OutputMark.Off();
    }

    @Override
    public Integer call() throws IOException {
        try (DiffusionModel loaded = DiffusionModel.load(model, device.runtime())) {
            ModelDefaults defaults = loaded.info().defaults();
            long actualSeed = seed != null ? seed : new SecureRandom().nextLong() >>> 1;
            Init init = init();
            ImageJob job = new ImageJob(
                    prompt,
                    negativePrompt,
                    size != null ? size.width() : defaults.width(),
                    size != null ? size.height() : defaults.height(),
                    steps != null ? steps : defaults.steps(),
                    guidance != null ? guidance : defaults.guidanceScale(),
                    actualSeed,
                    Optional.ofNullable(scheduler).map(SchedulerKind::parse),
                    partialImages,
                    init,
                    RunOptions.DEFAULTS);
            this.job = job;
            GeneratedImage result = mark().image(
                            loaded.generate(job, new Progress(), CancelToken.NEVER),
                            job,
                            loaded.info().name(),
                            new ImageTask.Finish.AsMade());
            System.err.println();
            write(result.image(), output);
            System.err.printf(
                    Locale.ROOT,
                    "wrote %s (%dx%d, seed %d, %d steps, %.2f s)%n",
                    output,
                    result.image().width(),
                    result.image().height(),
                    actualSeed,
                    result.stepsRun(),
                    result.timings().totalNanos() / 1e9);
            return 0;
        }
    }

    /** The start of the run; an edit without --size takes the source image's size. */
    private Init init() throws IOException {
        if (image == null) {
            return new Init.Noise();
        }
        RgbImage source = RgbImage.fromBufferedImage(read(image));
        Init.MaskChoice choice = new Init.WholeImage();
        if (mask != null) {
            choice = new Init.Masked(maskFromAlpha(read(mask)));
        }
        if (size == null) {
            size = new SizeConverter.Size(source.width(), source.height());
        }
        return new Init.Edit(new SourceImage.PixelsOnly(source), mask != null ? 1.0 : strength, choice);
    }

    /** OpenAI's convention: fully transparent pixels are the area to change. */
    static Mask maskFromAlpha(BufferedImage png) {
        int w = png.getWidth();
        int h = png.getHeight();
        float[] values = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                values[y * w + x] = (png.getRGB(x, y) >>> 24) < 128 ? 1f : 0f;
            }
        }
        return new Mask(w, h, values);
    }

    private static BufferedImage read(Path path) throws IOException {
        BufferedImage img = ImageIO.read(path.toFile());
        if (img == null) {
            throw new IOException(path + " is not an image this build can read (PNG, JPEG, BMP, GIF)");
        }
        return img;
    }

    private void write(RgbImage img, Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        java.nio.file.Files.createDirectories(parent);
        ImageIO.write(img.toBufferedImage(), "png", path.toFile());
    }

    private final class Progress implements GenerationListener {
        @Override
        public void onStep(StepProgress p) {
            System.err.printf(Locale.ROOT, "\rstep %d/%d", p.step(), p.steps());
        }

        @Override
        public void onPreview(PreviewImage preview) {
            String name = output.getFileName().toString().replaceFirst("\\.png$", "");
            Path file = output.resolveSibling(name + ".partial-" + preview.previewIndex() + ".png");
            try {
                write(mark().preview(preview, job).image(), file);
                System.err.printf(Locale.ROOT, "  preview %d -> %s%n", preview.previewIndex(), file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
