package dev.easel.cli;

import dev.easel.media.ImageDecodeException;
import dev.easel.media.ImageDecoder;
import dev.easel.media.Resampling;
import dev.easel.media.RgbImage;
import dev.easel.safety.watermark.Detection;
import dev.easel.safety.watermark.Payload;
import dev.easel.safety.watermark.Watermark;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code easel bench watermark}: how long embedding (a final image's closed loop, and a partial image's
 * open loop) and detecting Easel's watermark take at each
 * size (one thread, after a warm-up; detection of the marked picture, which is found at the
 * embedded period at once, and of a 10% crop of it, which needs the full period search), the PSNR
 * it costs, and whether it is read back after JPEG quality 75, a 50% resize and the crop. The picture is {@code --image} scaled to each size, or a procedural
 * one (gradient sky, fractal ridges, grain).
 */
@Command(
        name = "watermark",
        mixinStandardHelpOptions = true,
        description = "Benchmark embedding and detecting the invisible watermark.")
final class WatermarkBenchCommand implements Callable<Integer> {
    @Option(
            names = "--sizes",
            split = ",",
            converter = SizeConverter.class,
            defaultValue = "512x512,1024x1024",
            description = "Sizes to measure (default: ${DEFAULT-VALUE}).")
    List<SizeConverter.Size> sizes;

    @Option(names = "--runs", defaultValue = "20", description = "Measured runs per size (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--image", description = "A picture to mark (default: a procedural landscape).")
    Path image;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        Payload payload = new Payload(LocalDate.of(2026, 1, 1), 0x1234ABCD);
        // Warm-up over every size first, so the first size measured is not the one the JIT learns on.
        for (SizeConverter.Size size : sizes) {
            RgbImage plain = picture(size.width(), size.height());
            for (int warm = 0; warm < 10; warm++) {
                Watermark.detect(Watermark.embed(plain, payload));
            }
        }
        out.printf(
                "%-11s %9s %11s %10s %11s %8s %7s %7s %7s%n",
                "size", "embed ms", "partial ms", "detect ms", "cropped ms", "PSNR dB", "jpeg75", "half", "crop10");
        for (SizeConverter.Size size : sizes) {
            RgbImage plain = picture(size.width(), size.height());
            RgbImage marked = Watermark.embed(plain, payload);
            RgbImage jpeg = jpeg(marked);
            RgbImage half = Resampling.resize(marked, size.width() / 2, size.height() / 2);
            RgbImage cropped = crop(marked, size.width() / 20, size.height() / 20);
            double[] embed = new double[runs];
            double[] partial = new double[runs];
            double[] detect = new double[runs];
            double[] detectCropped = new double[runs];
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                Watermark.embed(plain, payload);
                long t1 = System.nanoTime();
                Watermark.detect(marked);
                long t2 = System.nanoTime();
                Watermark.detect(cropped);
                long t3 = System.nanoTime();
                Watermark.embedPreview(plain, payload, Optional.empty());
                long t4 = System.nanoTime();
                embed[r] = (t1 - t0) / 1e6;
                detect[r] = (t2 - t1) / 1e6;
                detectCropped[r] = (t3 - t2) / 1e6;
                partial[r] = (t4 - t3) / 1e6;
            }
            out.printf(
                    Locale.ROOT,
                    "%-11s %9.1f %11.1f %10.1f %11.1f %8.2f %7s %7s %7s%n",
                    size.width() + "x" + size.height(),
                    median(embed),
                    median(partial),
                    median(detect),
                    median(detectCropped),
                    psnr(plain, marked),
                    read(Watermark.detect(jpeg), payload),
                    read(Watermark.detect(half), payload),
                    read(Watermark.detect(cropped), payload));
        }
        out.println("(medians of " + runs + " runs, one thread)");
        return 0;
    }

    private RgbImage picture(int width, int height) throws IOException {
        if (image != null) {
            try {
                return Resampling.resize(ImageDecoder.decode(Files.readAllBytes(image), 8192L * 8192), width, height);
            } catch (ImageDecodeException e) {
                throw new IOException(image + ": " + e.getMessage(), e);
            }
        }
        SplittableRandom random = new SplittableRandom(7);
        double[] phases = random.doubles(16, 0, 2 * Math.PI).toArray();
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = x / (double) width;
                double v = y / (double) height;
                double ridge = 0.55;
                for (int k = 0; k < 8; k++) {
                    ridge += 0.12 / (k + 1) * Math.sin(u * Math.PI * (2 << k) + phases[k]);
                }
                double texture = 0;
                for (int k = 0; k < 8; k++) {
                    texture += 6.0
                            / (k + 1)
                            * Math.sin((u * 3 + v * 5) * (3 << k) + phases[8 + k])
                            * Math.cos((v * 4 - u * 2) * (2 << k) + phases[k]);
                }
                boolean ground = v > ridge;
                double grain = 2 * random.nextGaussian();
                int p = (y * width + x) * 3;
                int[] c = ground
                        ? new int[] {60 + (int) (40 * v), 90 + (int) (50 * v), 40}
                        : new int[] {90 + (int) (100 * v), 140 + (int) (80 * v), 230 - (int) (30 * v)};
                for (int ch = 0; ch < 3; ch++) {
                    rgb[p + ch] =
                            (byte) Math.clamp(Math.round(c[ch] + (ground ? texture : texture / 4) + grain), 0, 255);
                }
            }
        }
        return new RgbImage(width, height, rgb);
    }

    /** The picture without {@code dx} columns and {@code dy} rows on each side. */
    private static RgbImage crop(RgbImage image, int dx, int dy) {
        int w = image.width() - 2 * dx;
        int h = image.height() - 2 * dy;
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(image.rgb(), ((y + dy) * image.width() + dx) * 3, out, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }

    private static String read(Detection d, Payload payload) {
        return d.payload().equals(Optional.of(payload)) ? "read" : d.present() ? "present" : "lost";
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double psnr(RgbImage a, RgbImage b) {
        double squares = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            int d = (a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF);
            squares += d * d;
        }
        return 10 * Math.log10(255.0 * 255.0 / (squares / a.rgb().length));
    }

    private static RgbImage jpeg(RgbImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.75f);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image.toBufferedImage(), null, null), param);
        } finally {
            writer.dispose();
        }
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        return RgbImage.fromBufferedImage(decoded);
    }
}
