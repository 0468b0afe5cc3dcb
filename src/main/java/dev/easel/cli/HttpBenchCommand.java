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
            // HTTP/1.1, each stream read to its end so that its connection serves the next request:
            // what the official clients do (httpx, fetch). The JDK's default would offer an h2c
            // upgrade on every new connection, and a stream closed early takes its connection along.
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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
                double[] s = viaHttp(http, uri, body);
                double[] p = viaHttp(http, plainUri, body);
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
                    "model %s: %dx%d, %d steps, %d partial images, %d runs after %d to warm up (mean ± sd)%n",
                    dir.getFileName(),
                    w,
                    h,
                    n,
                    previews,
                    runs,
                    warmUp);
            System.out.printf(Locale.ROOT, "%-34s %20s %20s%n", "", "first partial", "completed");
            row("through HTTP (SSE)", server);
            row("engine + output work inline", inline);
            overhead("server overhead", server, inline);
            row("through HTTP, provenance off", plainServer);
            row("engine + files inline", alone);
            overhead("server overhead, provenance off", plainServer, alone);
            return 0;
        }
    }

    private static URI generations(Easel easel) {
        return URI.create("http://127.0.0.1:" + easel.port() + "/v1/images/generations");
    }

    private static void overhead(String what, Samples served, Samples inline) {
        System.out.printf(
                Locale.ROOT,
                "%-34s %14.1f ms %17.1f ms (%.1f%% of the request)%n",
                what,
                served.mean(0) - inline.mean(0),
                served.mean(1) - inline.mean(1),
                100 * (served.mean(1) - inline.mean(1)) / served.mean(1));
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
                "%-34s %8.1f ± %5.1f ms %11.1f ± %5.1f ms%n",
                what,
                s.mean(0),
                s.sd(0),
                s.mean(1),
                s.sd(1));
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

    /**
     * Milliseconds from sending the request to the first partial-image event and to the completed
     * event (its data line), the stream read to its end.
     */
    private static double[] viaHttp(HttpClient http, URI uri, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long start = System.nanoTime();
        double first = -1;
        double completed = -1;
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("event: image_generation.partial_image") && first < 0) {
                    first = (System.nanoTime() - start) / 1e6;
                } else if (line.startsWith("event: image_generation.completed") && it.hasNext()) {
                    it.next();
                    completed = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        if (completed < 0) {
            throw new IllegalStateException(
                    "the stream ended without a completed event (status " + response.statusCode() + ")");
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
