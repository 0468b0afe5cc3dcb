package dev.easel.safety.watermark;

import dev.easel.media.RgbImage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Natural-looking synthetic pictures for the watermark's evaluation, one per seed, in six
 * families: landscapes (sky, sun, fractal ridges, textured ground), still lifes (shaded shapes on
 * a textured table), fractal textures (clouds, marble, wood), soft portraits on a bokeh
 * background, night and day cityscapes (sharp edges, window grids), and macro-like close-ups of
 * flowers. Every picture gets a little film grain, as camera photos and diffusion outputs have.
 */
final class Pictures {
    static final int FAMILIES = 6;

    private Pictures() {}

    static RgbImage picture(long seed, int width, int height) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        switch ((int) Math.floorMod(seed, FAMILIES)) {
            case 0 -> landscape(image, g, random);
            case 1 -> stillLife(image, g, random);
            case 2 -> texture(image, random);
            case 3 -> portrait(image, g, random);
            case 4 -> city(image, g, random);
            default -> flowers(image, g, random);
        }
        g.dispose();
        RgbImage rgb = RgbImage.fromBufferedImage(image);
        return grain(rgb, random, 0.8 + random.nextDouble() * 2.2);
    }

    private static void landscape(BufferedImage image, Graphics2D g, SplittableRandom r) {
        int w = image.getWidth();
        int h = image.getHeight();
        Color top = hsb(0.55 + r.nextDouble() * 0.1, 0.5 + r.nextDouble() * 0.4, 0.5 + r.nextDouble() * 0.4);
        Color horizon = hsb(r.nextDouble() * 0.15, 0.2 + r.nextDouble() * 0.5, 0.8 + r.nextDouble() * 0.2);
        g.setPaint(new GradientPaint(0, 0, top, 0, h * 0.6f, horizon));
        g.fillRect(0, 0, w, h);
        float sx = (float) (r.nextDouble() * w);
        float sy = (float) (h * (0.1 + r.nextDouble() * 0.35));
        float radius = (float) (w * (0.04 + r.nextDouble() * 0.06));
        for (int i = 6; i >= 1; i--) {
            g.setColor(new Color(255, 240, 200, 20));
            g.fill(new Ellipse2D.Float(sx - radius * i / 2, sy - radius * i / 2, radius * i, radius * i));
        }
        g.setColor(new Color(255, 250, 225));
        g.fill(new Ellipse2D.Float(sx - radius / 2, sy - radius / 2, radius, radius));
        Noise noise = new Noise(r.nextLong());
        int ridges = 2 + r.nextInt(3);
        for (int k = 0; k < ridges; k++) {
            double base = h * (0.35 + 0.5 * k / ridges + r.nextDouble() * 0.08);
            double rough = h * (0.08 + r.nextDouble() * 0.15);
            Color c = hsb(0.2 + r.nextDouble() * 0.25, 0.3 + r.nextDouble() * 0.5, 0.15 + 0.6 * (ridges - k) / ridges);
            Polygon p = new Polygon();
            p.addPoint(0, h);
            for (int x = 0; x <= w; x += 2) {
                p.addPoint(x, (int) (base - rough * noise.fbm(x * 4.0 / w + k * 10, k * 3.1, 5)));
            }
            p.addPoint(w, h);
            g.setColor(c);
            g.fill(p);
        }
        texturize(image, new Noise(r.nextLong()), 6 + r.nextDouble() * 14, 3 + r.nextDouble() * 8);
    }

    private static void stillLife(BufferedImage image, Graphics2D g, SplittableRandom r) {
        int w = image.getWidth();
        int h = image.getHeight();
        g.setPaint(new GradientPaint(
                0,
                0,
                hsb(r.nextDouble(), 0.2, 0.3 + r.nextDouble() * 0.4),
                w,
                h,
                hsb(r.nextDouble(), 0.3, 0.2 + r.nextDouble() * 0.3)));
        g.fillRect(0, 0, w, h);
        g.setColor(hsb(0.08 + r.nextDouble() * 0.05, 0.5, 0.3 + r.nextDouble() * 0.3));
        g.fillRect(0, (int) (h * (0.55 + r.nextDouble() * 0.2)), w, h);
        texturize(image, new Noise(r.nextLong()), 10, 10);
        int shapes = 4 + r.nextInt(9);
        for (int i = 0; i < shapes; i++) {
            float x = (float) (r.nextDouble() * w);
            float y = (float) (h * (0.3 + r.nextDouble() * 0.6));
            float s = (float) (w * (0.06 + r.nextDouble() * 0.22));
            Color c = hsb(r.nextDouble(), 0.3 + r.nextDouble() * 0.7, 0.4 + r.nextDouble() * 0.6);
            g.setColor(new Color(0, 0, 0, 60));
            g.fill(new Ellipse2D.Float(x - s * 0.45f + s * 0.15f, y + s * 0.35f, s, s * 0.3f));
            g.setPaint(new GradientPaint(
                    x - s / 2,
                    y - s / 2,
                    c.brighter(),
                    x + s / 2,
                    y + s / 2,
                    c.darker().darker()));
            switch (r.nextInt(3)) {
                case 0 -> g.fill(new Ellipse2D.Float(x - s / 2, y - s / 2, s, s));
                case 1 -> g.fill(new RoundRectangle2D.Float(x - s / 2, y - s, s * 0.8f, s * 1.4f, s * 0.3f, s * 0.3f));
                default ->
                    g.fillPolygon(
                            new int[] {(int) x, (int) (x - s / 2), (int) (x + s / 2)},
                            new int[] {(int) (y - s), (int) (y + s / 3), (int) (y + s / 3)},
                            3);
            }
        }
    }

    private static void texture(BufferedImage image, SplittableRandom r) {
        int w = image.getWidth();
        int h = image.getHeight();
        Noise noise = new Noise(r.nextLong());
        int kind = r.nextInt(3);
        double scale = 2 + r.nextDouble() * 6;
        Color a = hsb(r.nextDouble(), 0.2 + r.nextDouble() * 0.6, 0.2 + r.nextDouble() * 0.4);
        Color b = hsb(r.nextDouble(), 0.2 + r.nextDouble() * 0.6, 0.6 + r.nextDouble() * 0.4);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = x * scale / w;
                double v = y * scale / w;
                double t = switch (kind) {
                    case 0 -> 0.5 + 0.5 * noise.fbm(u, v, 6);
                    case 1 -> 0.5 + 0.5 * Math.sin(u * 3 + 4 * noise.fbm(u, v, 5));
                    default -> {
                        double d = Math.hypot(u - scale / 2, v - scale / 3) * 4 + 2 * noise.fbm(u, v, 4);
                        yield d - Math.floor(d);
                    }
                };
                image.setRGB(x, y, mix(a, b, Math.clamp(t, 0, 1)));
            }
        }
    }

    private static void portrait(BufferedImage image, Graphics2D g, SplittableRandom r) {
        int w = image.getWidth();
        int h = image.getHeight();
        g.setPaint(new GradientPaint(0, 0, hsb(r.nextDouble(), 0.4, 0.3), w, h, hsb(r.nextDouble(), 0.5, 0.5)));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 25; i++) {
            float s = (float) (w * (0.05 + r.nextDouble() * 0.15));
            g.setColor(new Color(hsb(r.nextDouble(), 0.5, 0.9).getRGB() & 0xFFFFFF | 0x50000000, true));
            g.fill(new Ellipse2D.Float((float) (r.nextDouble() * w), (float) (r.nextDouble() * h), s, s));
        }
        blur(image, 3);
        float cx = (float) (w * (0.35 + r.nextDouble() * 0.3));
        float fw = (float) (w * (0.25 + r.nextDouble() * 0.15));
        Color hair = hsb(0.05 + r.nextDouble() * 0.06, 0.6, 0.1 + r.nextDouble() * 0.4);
        g.setColor(hair);
        g.fill(new Ellipse2D.Float(cx - fw * 0.6f, h * 0.12f, fw * 1.2f, fw * 1.5f));
        Color skin = hsb(0.05 + r.nextDouble() * 0.04, 0.3 + r.nextDouble() * 0.3, 0.5 + r.nextDouble() * 0.45);
        g.setPaint(new GradientPaint(cx - fw / 2, 0, skin.brighter(), cx + fw / 2, 0, skin.darker()));
        g.fill(new Ellipse2D.Float(cx - fw / 2, h * 0.2f, fw, fw * 1.3f));
        g.fill(new RoundRectangle2D.Float(cx - fw * 1.1f, h * 0.2f + fw * 1.4f, fw * 2.2f, h, fw, fw));
        g.setColor(hsb(r.nextDouble(), 0.6, 0.5));
        g.fill(new RoundRectangle2D.Float(cx - fw * 1.1f, h * 0.2f + fw * 1.5f, fw * 2.2f, h, fw, fw));
        g.setColor(new Color(40, 30, 30));
        g.fill(new Ellipse2D.Float(cx - fw * 0.25f, h * 0.2f + fw * 0.5f, fw * 0.12f, fw * 0.08f));
        g.fill(new Ellipse2D.Float(cx + fw * 0.13f, h * 0.2f + fw * 0.5f, fw * 0.12f, fw * 0.08f));
        texturize(image, new Noise(r.nextLong()), 10, 4);
    }

    private static void city(BufferedImage image, Graphics2D g, SplittableRandom r) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean night = r.nextBoolean();
        g.setPaint(new GradientPaint(
                0,
                0,
                night ? new Color(10, 10, 40) : hsb(0.58, 0.5, 0.9),
                0,
                h,
                night ? new Color(60, 30, 60) : hsb(0.1, 0.3, 0.95)));
        g.fillRect(0, 0, w, h);
        int x = -r.nextInt(20);
        while (x < w) {
            int bw = (int) (w * (0.06 + r.nextDouble() * 0.14));
            int bh = (int) (h * (0.2 + r.nextDouble() * 0.6));
            Color c = hsb(
                    r.nextDouble(),
                    0.1 + r.nextDouble() * 0.2,
                    night ? 0.1 + r.nextDouble() * 0.15 : 0.3 + r.nextDouble() * 0.5);
            g.setColor(c);
            g.fillRect(x, h - bh, bw, bh);
            int win = Math.max(3, bw / 8);
            for (int wy = h - bh + win; wy < h - win; wy += win * 2) {
                for (int wx = x + win; wx < x + bw - win; wx += win * 2) {
                    boolean lit = r.nextDouble() < (night ? 0.4 : 0.2);
                    g.setColor(lit ? new Color(255, 220, 130) : c.darker());
                    g.fillRect(wx, wy, win, win);
                }
            }
            x += bw + r.nextInt(4);
        }
        g.setStroke(new BasicStroke(1.5f));
        g.setColor(new Color(30, 30, 30));
        g.drawLine(0, h - 3, w, h - 3);
    }

    private static void flowers(BufferedImage image, Graphics2D g, SplittableRandom r) {
        int w = image.getWidth();
        int h = image.getHeight();
        g.setPaint(new GradientPaint(0, 0, hsb(0.25 + r.nextDouble() * 0.1, 0.6, 0.3), w, h, hsb(0.3, 0.7, 0.15)));
        g.fillRect(0, 0, w, h);
        texturize(image, new Noise(r.nextLong()), 20, 20);
        blur(image, 2);
        int count = 1 + r.nextInt(4);
        for (int i = 0; i < count; i++) {
            float cx = (float) (r.nextDouble() * w);
            float cy = (float) (r.nextDouble() * h);
            float s = (float) (w * (0.1 + r.nextDouble() * 0.2));
            Color petal = hsb(r.nextDouble(), 0.5 + r.nextDouble() * 0.5, 0.7 + r.nextDouble() * 0.3);
            int petals = 5 + r.nextInt(8);
            for (int k = 0; k < petals; k++) {
                double a = 2 * Math.PI * k / petals;
                Graphics2D p = (Graphics2D) g.create();
                p.translate(cx, cy);
                p.rotate(a);
                p.setPaint(new GradientPaint(0, 0, petal.darker(), s, 0, petal.brighter()));
                p.fill(new Ellipse2D.Float(0, -s * 0.18f, s, s * 0.36f));
                p.dispose();
            }
            g.setColor(hsb(0.12, 0.8, 0.6));
            g.fill(new Ellipse2D.Float(cx - s * 0.2f, cy - s * 0.2f, s * 0.4f, s * 0.4f));
        }
    }

    /** Multiplies the picture by a fractal luminance texture (contrast in levels, feature size in pixels). */
    private static void texturize(BufferedImage image, Noise noise, double contrast, double size) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                double t = contrast * noise.fbm(x / size, y / size, 4);
                int rgb = image.getRGB(x, y);
                image.setRGB(x, y, channel(rgb >> 16, t) << 16 | channel(rgb >> 8, t) << 8 | channel(rgb, t));
            }
        }
    }

    private static int channel(int value, double delta) {
        return (int) Math.clamp(Math.round((value & 0xFF) + delta), 0, 255);
    }

    private static void blur(BufferedImage image, int radius) {
        RgbImage src = RgbImage.fromBufferedImage(image);
        int w = src.width();
        int h = src.height();
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] sum = new int[3];
                int n = 0;
                for (int dy = -radius; dy <= radius; dy++) {
                    for (int dx = -radius; dx <= radius; dx++) {
                        int xx = Math.clamp(x + dx, 0, w - 1);
                        int yy = Math.clamp(y + dy, 0, h - 1);
                        for (int c = 0; c < 3; c++) {
                            sum[c] += src.at(xx, yy, c);
                        }
                        n++;
                    }
                }
                out[y * w + x] = sum[0] / n << 16 | sum[1] / n << 8 | sum[2] / n;
            }
        }
        image.setRGB(0, 0, w, h, out, 0, w);
    }

    private static RgbImage grain(RgbImage image, SplittableRandom r, double sigma) {
        byte[] rgb = image.rgb().clone();
        for (int i = 0; i < rgb.length; i += 3) {
            double n = sigma * gaussian(r);
            for (int c = 0; c < 3; c++) {
                rgb[i + c] = (byte) channel(rgb[i + c], n + 0.5 * sigma * gaussian(r));
            }
        }
        return new RgbImage(image.width(), image.height(), rgb);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static Color hsb(double hue, double saturation, double brightness) {
        return Color.getHSBColor(
                (float) hue, (float) Math.clamp(saturation, 0, 1), (float) Math.clamp(brightness, 0, 1));
    }

    private static int mix(Color a, Color b, double t) {
        int red = (int) (a.getRed() + t * (b.getRed() - a.getRed()));
        int green = (int) (a.getGreen() + t * (b.getGreen() - a.getGreen()));
        int blue = (int) (a.getBlue() + t * (b.getBlue() - a.getBlue()));
        return red << 16 | green << 8 | blue;
    }

    /** Value noise on an integer lattice, smoothly interpolated; fbm sums octaves into about [-1, 1]. */
    private record Noise(long seed) {
        double fbm(double x, double y, int octaves) {
            double sum = 0;
            double amp = 0.5;
            for (int o = 0; o < octaves; o++) {
                sum += amp * value(x, y, o);
                x *= 2;
                y *= 2;
                amp /= 2;
            }
            return sum * 1.9;
        }

        private double value(double x, double y, int octave) {
            int x0 = (int) Math.floor(x);
            int y0 = (int) Math.floor(y);
            double fx = smooth(x - x0);
            double fy = smooth(y - y0);
            double a = lattice(x0, y0, octave);
            double b = lattice(x0 + 1, y0, octave);
            double c = lattice(x0, y0 + 1, octave);
            double d = lattice(x0 + 1, y0 + 1, octave);
            return a + fx * (b - a) + fy * (c + fx * (d - c) - a - fx * (b - a));
        }

        private static double smooth(double t) {
            return t * t * (3 - 2 * t);
        }

        private double lattice(int x, int y, int octave) {
            long h = seed ^ (x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL) ^ (octave * 0x165667B19E3779F9L);
            h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
            h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
            h ^= h >>> 33;
            return (h >>> 11) * 0x1.0p-53 * 2 - 1;
        }
    }
}
