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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code easel bench http --model DIR}: the same streamed generation timed through the HTTP server
 * (request to first partial image, request to completion) and through the engine alone on this
 * thread with the work the server must do on every picture anyway done inline (the watermark, the
 * file with its metadata, the signed C2PA manifest); and the same pair with provenance off (a
 * second server with neither watermark nor C2PA; the engine writing the same files alone). The
 * server's overhead is what each HTTP path takes over its inline twin: the queue, JSON, base64,
 * SSE, the hand-offs between threads and the client, less what running a picture's work beside
 * the denoising saves.
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
        Config plainConfig = config.with(Map.of(
                "provenance.watermark",
                "false",
                "provenance.c2pa",
                "false",
                "data_dir",
                data.resolveSibling("easel-bench-data-plain").toString()));
        try (Easel easel = Easel.start(config);
                Easel plainEasel = Easel.start(plainConfig);
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
            URI uri = generations(easel);
            URI plainUri = generations(plainEasel);
            ImageJob job = ImageJob.text("a lighthouse at dawn", w, h, n, d.guidanceScale(), 7)
                    .withPreviews(previews);
            ImageFiles.Provenance provenance = new ImageFiles.Provenance(
                    job.prompt(), "", n, job.seed(), dir.getFileName().toString(), ImageFiles.generated());
            // The server's own work on every picture, done inline: its watermark, and the file it
            // writes (PNG with the parameters and XMP, signed by the server's own local CA); and
            // the same files alone, as a server with provenance off writes them.
            Work work = new Work(
                    new OutputMark.Invisible(Clock.systemUTC(), EngineCaches.none()),
                    new ImageFiles(
                            Optional.of(new ContentCredentials(
                                    Signer.localCa(data.resolve("c2pa"), new SecureRandom(), Clock.systemUTC()),
                                    new SecureRandom())),
                            "bench"),
                    provenance);
            Work files = new Work(new OutputMark.Off(), ImageFiles.withoutCredentials(), provenance);
            Samples server = new Samples();
            Samples plainServer = new Samples();
            Samples alone = new Samples();
            Samples inline = new Samples();
            for (int run = 0; run < warmUp + runs; run++) {
                double[] s = viaHttp(uri, body);
                double[] p = viaHttp(plainUri, body);
                double[] a = viaEngine(engine, job, files);
                double[] i = viaEngine(engine, job, work);
                if (run >= warmUp) {
                    server.add(s);
                    plainServer.add(p);
                    alone.add(a);
                    inline.add(i);
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "model %s: %dx%d, %d steps, %d partial images, %d runs after %d to warm up%n",
                    dir.getFileName(),
                    w,
                    h,
                    n,
                    previews,
                    runs,
                    warmUp);
            System.out.printf(Locale.ROOT, "%-34s %27s %27s%n", "", "first partial image", "completed");
            System.out.printf(
                    Locale.ROOT, "%-34s %9s %17s %9s %17s%n", "", "median", "mean ± sd", "median", "mean ± sd");
            row("through HTTP (SSE)", server);
            row("engine + output work inline", inline);
            row("server overhead", server.minus(inline));
            row("through HTTP, provenance off", plainServer);
            row("engine + files inline", alone);
            row("server overhead, provenance off", plainServer.minus(alone));
            System.out.printf(
                    Locale.ROOT,
                    "server overhead: each run's HTTP time less the inline run beside it; median %.1f%% of the"
                            + " request to completion%n",
                    100 * server.minus(inline).median(1) / server.median(1));
            return 0;
        }
    }

    private static URI generations(Easel easel) {
        return URI.create("http://127.0.0.1:" + easel.port() + "/v1/images/generations");
    }

    /**
     * What the server does to each picture before sending it: mark it, write its file.
     *
     * @param provenance what the file says it was made from
     */
    private record Work(OutputMark mark, ImageFiles files, ImageFiles.Provenance provenance) {
        void preview(PreviewImage preview, ImageJob job) {
            files.encodePartial(mark.preview(preview, job).image(), OutputFormat.PNG, 100, provenance);
        }

        void image(GeneratedImage made, ImageJob job) {
            file(mark.image(made, job, "bench", new ImageTask.Finish.AsMade()).image());
        }

        private void file(RgbImage image) {
            files.encode(image, OutputFormat.PNG, 100, provenance);
        }
    }

    private static void row(String what, Samples s) {
        System.out.printf(
                Locale.ROOT,
                "%-34s %6.1f ms %8.1f ± %5.1f ms %6.1f ms %8.1f ± %5.1f ms%n",
                what,
                s.median(0),
                s.mean(0),
                s.sd(0),
                s.median(1),
                s.mean(1),
                s.sd(1));
    }

    /**
     * Milliseconds of each run: to the first partial image [0] and to completion [1]. Runs of two
     * samples taken in the same turn of the loop pair up ({@link #minus}), so that what the
     * machine did at that moment (a collection, another process) weighs on both sides alike.
     */
    private static final class Samples {
        private final List<double[]> runs = new ArrayList<>();

        void add(double[] run) {
            runs.add(run);
        }

        /** Run by run, this less {@code other}. */
        Samples minus(Samples other) {
            Samples out = new Samples();
            for (int r = 0; r < runs.size(); r++) {
                double[] a = runs.get(r);
                double[] b = other.runs.get(r);
                out.add(new double[] {a[0] - b[0], a[1] - b[1]});
            }
            return out;
        }

        double mean(int k) {
            return runs.stream().mapToDouble(r -> r[k]).average().orElse(Double.NaN);
        }

        double median(int k) {
            double[] sorted = runs.stream().mapToDouble(r -> r[k]).sorted().toArray();
            int n = sorted.length;
            return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        double sd(int k) {
            double m = mean(k);
            double ss = runs.stream().mapToDouble(r -> (r[k] - m) * (r[k] - m)).sum();
            return runs.size() < 2 ? 0 : Math.sqrt(ss / (runs.size() - 1));
        }
    }

    /**
     * Milliseconds from sending the request to the first partial-image event and to the completed
     * event (its data line), the stream read to its end on this thread. {@link HttpURLConnection}
     * reads on the caller's thread, as the blocking clients do (httpx, requests), and keeps the
     * connection for the next request once the stream is read to its end; {@code java.net.http}'s
     * client hands every chunk through its selector and executor threads, milliseconds a request on
     * a busy machine that are the client's, not the server's.
     */
    private static double[] viaHttp(URI uri, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        connection.setFixedLengthStreamingMode(bytes.length);
        long start = System.nanoTime();
        double first = -1;
        double completed = -1;
        try (OutputStream out = connection.getOutputStream()) {
            out.write(bytes);
        }
        int status = connection.getResponseCode();
        if (status != 200) {
            throw new IllegalStateException("the server answered " + status);
        }
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("event: image_generation.partial_image") && first < 0) {
                    first = (System.nanoTime() - start) / 1e6;
                } else if (line.startsWith("event: image_generation.completed") && lines.readLine() != null) {
                    completed = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        if (completed < 0) {
            throw new IllegalStateException("the stream ended without a completed event");
        }
        return new double[] {first, completed};
    }

    /** The same run through the engine on this thread, each preview and the result handed to {@code work}. */
    private static double[] viaEngine(DiffusionModel engine, ImageJob job, Work work) {
        long start = System.nanoTime();
        double[] first = {-1};
        GenerationListener listener = new GenerationListener() {
            @Override
            public void onPreview(PreviewImage preview) {
                work.preview(preview, job);
                if (first[0] < 0) {
                    first[0] = (System.nanoTime() - start) / 1e6;
                }
            }
        };
        GeneratedImage made = engine.generate(job, listener, CancelToken.NEVER);
        work.image(made, job);
        return new double[] {first[0], (System.nanoTime() - start) / 1e6};
    }
}
