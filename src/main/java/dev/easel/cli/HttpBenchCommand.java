package dev.easel.cli;

import dev.easel.Config;
import dev.easel.Easel;
import dev.easel.engine.CancelToken;
import dev.easel.engine.DiffusionModel;
import dev.easel.engine.EngineCaches;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.GenerationListener;
import dev.easel.engine.ImageJob;
import dev.easel.engine.ModelDefaults;
import dev.easel.engine.OrtRuntime;
import dev.easel.engine.PreviewImage;
import dev.easel.images.ImageFiles;
import dev.easel.images.ImageTask;
import dev.easel.images.OutputMark;
import dev.easel.media.OutputFormat;
import dev.easel.media.RgbImage;
import dev.easel.safety.provenance.ContentCredentials;
import dev.easel.safety.provenance.Signer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code easel bench http --model DIR}: the same streamed generation timed through the HTTP server
 * (request to first partial image, request to completion) and through the engine alone on this
 * thread, twice: with a plain PNG of each preview and the result, and with the work the server
 * must do on every picture anyway done inline (the watermark, the PNG with its metadata, the
 * signed C2PA manifest). The server's overhead is what the HTTP path takes over the second: the
 * queue, JSON, base64, SSE and the hand-offs between threads; its difference to the first is
 * printed too, since it also counts the watermark and signing.
 */
@Command(
        name = "http",
        mixinStandardHelpOptions = true,
        description = "Time streamed generations through the server against the engine alone.")
final class HttpBenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions run;

    @Option(
            names = "--runs",
            defaultValue = "5",
            description = "Measured runs of each kind after the warm-up (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--warm-up",
            defaultValue = "5",
            description = "Runs of each kind before the measured ones, so that both paths are compiled"
                    + " (a server is warm; the first runs time the JIT) (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(
            names = "--partial-images",
            defaultValue = "2",
            description = "Previews per run (default: ${DEFAULT-VALUE}).")
    int previews;

    @Override
    public Integer call() throws Exception {
        Path dir = run.folder().toAbsolutePath().normalize();
        Path data = Path.of(System.getProperty("java.io.tmpdir"), "easel-bench-data");
        Config config = Config.defaults()
                .with(Map.of(
                        "port",
                        "0",
                        "host",
                        "127.0.0.1",
                        "models_dir",
                        dir.getParent().toString(),
                        "default_model",
                        dir.getFileName().toString(),
                        "data_dir",
                        data.toString()));
        try (Easel easel = Easel.start(config);
                DiffusionModel engine = DiffusionModel.load(dir, OrtRuntime.create(OrtRuntime.Device.AUTO))) {
            ModelDefaults d = engine.info().defaults();
            int w = run.width(d);
            int h = run.height(d);
            int n = run.steps(d);
            String body = String.format(
                    Locale.ROOT,
                    "{\"prompt\":\"a lighthouse at dawn\",\"size\":\"%dx%d\",\"steps\":%d,"
                            + "\"stream\":true,\"partial_images\":%d,\"seed\":7}",
                    w,
                    h,
                    n,
                    previews);
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + easel.port() + "/v1/images/generations");
            ImageJob job = ImageJob.text("a lighthouse at dawn", w, h, n, d.guidanceScale(), 7)
                    .withPreviews(previews);
            // The server's own work on every picture, done inline: its watermark, and the file it
            // writes (PNG with the parameters and XMP, signed by the server's own local CA).
            Work work = new Work(
                    new OutputMark.Invisible(Clock.systemUTC(), EngineCaches.none()),
                    new ImageFiles(
                            Optional.of(new ContentCredentials(
                                    Signer.localCa(data.resolve("c2pa"), new SecureRandom(), Clock.systemUTC()),
                                    new SecureRandom())),
                            "bench"),
                    new ImageFiles.Provenance(
                            job.prompt(), "", n, job.seed(), dir.getFileName().toString(), ImageFiles.generated()));
            Samples server = new Samples();
            Samples alone = new Samples();
            Samples inline = new Samples();
            for (int run = 0; run < warmUp + runs; run++) {
                double[] s = viaHttp(http, uri, body);
                double[] a = viaEngine(engine, job, Optional.empty());
                double[] i = viaEngine(engine, job, Optional.of(work));
                if (run >= warmUp) {
                    server.add(s);
                    alone.add(a);
                    inline.add(i);
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "model %s: %dx%d, %d steps, %d partial images, %d runs after %d to warm up (mean ± sd)%n",
                    dir.getFileName(),
                    w,
                    h,
                    n,
                    previews,
                    runs,
                    warmUp);
            System.out.printf(Locale.ROOT, "%-30s %20s %20s%n", "", "first partial", "completed");
            row("through HTTP (SSE)", server.mean(0), server.sd(0), server.mean(1), server.sd(1));
            row("engine alone (+PNG)", alone.mean(0), alone.sd(0), alone.mean(1), alone.sd(1));
            row("engine + output work inline", inline.mean(0), inline.sd(0), inline.mean(1), inline.sd(1));
            System.out.printf(
                    Locale.ROOT,
                    "%-30s %14.1f ms %17.1f ms (%.1f%% of the request)%n",
                    "server overhead",
                    server.mean(0) - inline.mean(0),
                    server.mean(1) - inline.mean(1),
                    100 * (server.mean(1) - inline.mean(1)) / server.mean(1));
            System.out.printf(
                    Locale.ROOT,
                    "%-30s %14.1f ms %17.1f ms%n",
                    "  of it, over engine (+PNG)",
                    server.mean(0) - alone.mean(0),
                    server.mean(1) - alone.mean(1));
            return 0;
        }
    }

    /**
     * What the server does to each picture before sending it: mark it, write its file.
     *
     * @param provenance what the file says it was made from
     */
    private record Work(OutputMark mark, ImageFiles files, ImageFiles.Provenance provenance) {
        void preview(PreviewImage preview, ImageJob job) {
            file(mark.preview(preview, job).image());
        }

        void image(GeneratedImage made, ImageJob job) {
            file(mark.image(made, job, "bench", new ImageTask.Finish.AsMade()).image());
        }

        private void file(RgbImage image) {
            files.encode(image, OutputFormat.PNG, 100, provenance);
        }
    }

    private static void row(String what, double first, double firstSd, double done, double doneSd) {
        System.out.printf(
                Locale.ROOT, "%-30s %8.1f ± %5.1f ms %11.1f ± %5.1f ms%n", what, first, firstSd, done, doneSd);
    }

    /** Milliseconds of each run: to the first partial image [0] and to completion [1]. */
    private static final class Samples {
        private final List<double[]> runs = new ArrayList<>();

        void add(double[] run) {
            runs.add(run);
        }

        double mean(int k) {
            return runs.stream().mapToDouble(r -> r[k]).average().orElse(Double.NaN);
        }

        double sd(int k) {
            double m = mean(k);
            double ss = runs.stream().mapToDouble(r -> (r[k] - m) * (r[k] - m)).sum();
            return runs.size() < 2 ? 0 : Math.sqrt(ss / (runs.size() - 1));
        }
    }

    /** Milliseconds from sending the request to the first partial-image event and to the completed event. */
    private static double[] viaHttp(HttpClient http, URI uri, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long start = System.nanoTime();
        double first = -1;
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("event: image_generation.partial_image") && first < 0) {
                    first = (System.nanoTime() - start) / 1e6;
                } else if (line.startsWith("event: image_generation.completed")) {
                    it.next();
                    return new double[] {first, (System.nanoTime() - start) / 1e6};
                }
            }
        }
        throw new IllegalStateException(
                "the stream ended without a completed event (status " + response.statusCode() + ")");
    }

    /**
     * The same run through the engine on this thread: each preview and the result written as a
     * plain PNG, or, with {@code work}, marked and written as the server writes them.
     */
    private static double[] viaEngine(DiffusionModel engine, ImageJob job, Optional<Work> work) {
        long start = System.nanoTime();
        double[] first = {-1};
        GenerationListener listener = new GenerationListener() {
            @Override
            public void onPreview(PreviewImage preview) {
                work.ifPresentOrElse(wk -> wk.preview(preview, job), () -> png(preview.image()));
                if (first[0] < 0) {
                    first[0] = (System.nanoTime() - start) / 1e6;
                }
            }
        };
        GeneratedImage made = engine.generate(job, listener, CancelToken.NEVER);
        work.ifPresentOrElse(wk -> wk.image(made, job), () -> png(made.image()));
        return new double[] {first[0], (System.nanoTime() - start) / 1e6};
    }

    private static void png(RgbImage image) {
        try {
            ImageIO.write(image.toBufferedImage(), "png", new ByteArrayOutputStream());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
