package dev.easel.cli;

import dev.easel.Config;
import dev.easel.OutputFiles;
import dev.easel.engine.CancelToken;
import dev.easel.engine.DiffusionModel;
import dev.easel.engine.EngineCaches;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.ImageJob;
import dev.easel.engine.Init;
import dev.easel.engine.ModelDefaults;
import dev.easel.engine.PreviewImage;
import dev.easel.engine.RunOptions;
import dev.easel.engine.SourceImage;
import dev.easel.engine.sched.SchedulerKind;
import dev.easel.images.ImageFiles;
import dev.easel.images.ImageTask;
import dev.easel.images.OutputMark;
import dev.easel.media.Mask;
import dev.easel.media.OutputFormat;
import dev.easel.media.RgbImage;
import dev.easel.safety.provenance.Claim;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code easel generate "prompt" [--model NAME|DIR] -o out.png}: one image, with previews and
 * progress, found ({@link ModelOptions}), marked and written ({@link OutputFiles}: watermark,
 * generation parameters, signed C2PA) exactly as the server would.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generate (or, with --image, edit) one image with a local model.")
final class GenerateCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The prompt.")
    String prompt;

    @Mixin
    ModelOptions run;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "out.png",
            description = "Output PNG (default: ${DEFAULT-VALUE}); previews go beside it as NAME.partial-K.png.")
    Path output;

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
            names = "--data",
            paramLabel = "DIR",
            description = "Data folder, for the local CA that signs content credentials (default: data_dir from"
                    + " easel.yaml or $EASEL_DATA_DIR, else ./data).")
    Path data;

    @Option(
            names = "--provenance-watermark",
            arity = "1",
            paramLabel = "true|false",
            description = "Embed Easel's invisible watermark in the image and its previews (default:"
                    + " provenance.watermark, true).")
    Boolean watermark;

    @Option(
            names = "--provenance-c2pa",
            arity = "1",
            paramLabel = "true|false",
            description = "Sign C2PA content credentials into the image and its previews (default: provenance.c2pa,"
                    + " true).")
    Boolean c2pa;

    @Mixin
    DeviceOption device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> flags = new LinkedHashMap<>();
        if (data != null) {
            flags.put("data_dir", data.toString());
        }
        if (watermark != null) {
            flags.put("provenance.watermark", watermark.toString());
        }
        if (c2pa != null) {
            flags.put("provenance.c2pa", c2pa.toString());
        }
        Config settings = run.settings(flags, err);
        Path folder = run.folder(settings, err);
        try (DiffusionModel loaded = DiffusionModel.load(folder, device.runtime())) {
            Clock clock = Clock.systemUTC();
            SecureRandom random = new SecureRandom();
            ImageFiles files = OutputFiles.imageFiles(settings, clock, random);
            OutputMark mark = OutputFiles.mark(settings, clock, EngineCaches.none());
            ModelDefaults defaults = loaded.info().defaults();
            long actualSeed = seed != null ? seed : random.nextLong() >>> 1;
            Init init = init();
            ImageJob job = new ImageJob(
                    prompt,
                    negativePrompt,
                    run.width(defaults),
                    run.height(defaults),
                    run.steps(defaults),
                    guidance != null ? guidance : defaults.guidanceScale(),
                    actualSeed,
                    Optional.ofNullable(scheduler).map(SchedulerKind::parse),
                    partialImages,
                    init,
                    RunOptions.DEFAULTS);
            String model = loaded.info().name();
            ImageFiles.Provenance provenance =
                    new ImageFiles.Provenance(prompt, negativePrompt, job.steps(), actualSeed, model, origin(init));
            Writer writer = new Writer(files, provenance);
            GeneratedImage result;
            try (Listener listener = new Listener(job, mark, writer, err)) {
                result = mark.image(
                        loaded.generate(job, listener, CancelToken.NEVER), job, model, new ImageTask.Finish.AsMade());
            }
            writer.write(result.image(), output);
            err.printf(
                    Locale.ROOT,
                    "wrote %s (%dx%d, seed %d, %d steps, %.2f s)%n",
                    output,
                    result.image().width(),
                    result.image().height(),
                    actualSeed,
                    result.stepsRun(),
                    result.timings().totalNanos() / 1e9);
            err.flush();
            return 0;
        }
    }

    /** What the file's content credentials say it is: the server's origins. */
    private Claim.Origin origin(Init init) {
        return init instanceof Init.Edit(SourceImage source, double _, Init.MaskChoice _)
                ? ImageFiles.editOf(source.pixels(), image.getFileName().toString())
                : ImageFiles.generated();
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
        if (run.size == null) {
            run.size = new SizeConverter.Size(source.width(), source.height());
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

    /** PNG files as the server writes them: the parameters, the XMP source type and the credentials. */
    private record Writer(ImageFiles files, ImageFiles.Provenance provenance) {
        void write(RgbImage img, Path path) throws IOException {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.write(path, files.encode(img, OutputFormat.PNG, 100, provenance));
        }
    }

    /** The step meter, and the previews marked and written beside the output. */
    private final class Listener implements dev.easel.engine.GenerationListener, AutoCloseable {
        private final ImageJob job;
        private final OutputMark mark;
        private final Writer writer;
        private final StepMeter steps;

        Listener(ImageJob job, OutputMark mark, Writer writer, PrintWriter err) {
            this.job = job;
            this.mark = mark;
            this.writer = writer;
            this.steps = new StepMeter("denoising", 1, Progress.Every.UNIT, err);
        }

        @Override
        public void onStep(dev.easel.engine.StepProgress p) {
            steps.onStep(p);
        }

        @Override
        public void onPreview(PreviewImage preview) {
            String name = output.getFileName().toString().replaceFirst("\\.png$", "");
            Path file = output.resolveSibling(name + ".partial-" + preview.previewIndex() + ".png");
            try {
                writer.write(mark.preview(preview, job).image(), file);
                steps.line(String.format(Locale.ROOT, "  preview %d -> %s", preview.previewIndex(), file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            steps.close();
        }
    }
}
