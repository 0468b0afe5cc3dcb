package dev.easel.cli;

import dev.easel.Config;
import dev.easel.Easel;
import dev.easel.engine.CancelToken;
import dev.easel.engine.DiffusionModel;
import dev.easel.engine.GenerationListener;
import dev.easel.engine.ImageJob;
import dev.easel.engine.ModelDefaults;
import dev.easel.engine.OrtRuntime;
import dev.easel.engine.PreviewImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code easel bench http --model DIR}: the same streamed generation timed through the HTTP server
 * (request to first partial image, request to completion) and through the engine alone (with
 * the same PNG encoding of previews and result), and the server's overhead as the difference.
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
            description = "Measured runs of each kind after a warm-up (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--partial-images",
            defaultValue = "2",
            description = "Previews per run (default: ${DEFAULT-VALUE}).")
    int previews;

    @Override
    public Integer call() throws Exception {
        Path dir = run.model.toAbsolutePath().normalize();
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
                        Path.of(System.getProperty("java.io.tmpdir"), "easel-bench-data")
                                .toString()));
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
            double[] server = new double[2];
            double[] alone = new double[2];
            for (int run = 0; run <= runs; run++) {
                double[] s = viaHttp(http, uri, body);
                double[] a = viaEngine(engine, job);
                if (run > 0) {
                    for (int k = 0; k < 2; k++) {
                        server[k] += s[k] / runs;
                        alone[k] += a[k] / runs;
                    }
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "model %s: %dx%d, %d steps, %d partial images, %d runs after 1 warm-up%n",
                    dir.getFileName(),
                    w,
                    h,
                    n,
                    previews,
                    runs);
            System.out.printf(Locale.ROOT, "%-26s %14s %14s%n", "", "first partial", "completed");
            System.out.printf(Locale.ROOT, "%-26s %11.1f ms %11.1f ms%n", "through HTTP (SSE)", server[0], server[1]);
            System.out.printf(Locale.ROOT, "%-26s %11.1f ms %11.1f ms%n", "engine alone (+PNG)", alone[0], alone[1]);
            System.out.printf(
                    Locale.ROOT,
                    "%-26s %11.1f ms %11.1f ms (%.1f%% of the request)%n",
                    "server overhead",
                    server[0] - alone[0],
                    server[1] - alone[1],
                    100 * (server[1] - alone[1]) / server[1]);
            return 0;
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

    private static double[] viaEngine(DiffusionModel engine, ImageJob job) throws Exception {
        long start = System.nanoTime();
        double[] first = {-1};
        GenerationListener listener = new GenerationListener() {
            @Override
            public void onPreview(PreviewImage preview) {
                png(preview.image());
                if (first[0] < 0) {
                    first[0] = (System.nanoTime() - start) / 1e6;
                }
            }
        };
        png(engine.generate(job, listener, CancelToken.NEVER).image());
        return new double[] {first[0], (System.nanoTime() - start) / 1e6};
    }

    private static void png(dev.easel.media.RgbImage image) {
        try {
            ImageIO.write(image.toBufferedImage(), "png", new ByteArrayOutputStream());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
