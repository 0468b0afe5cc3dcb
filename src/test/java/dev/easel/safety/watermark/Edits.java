package dev.easel.safety.watermark;

import dev.easel.media.Resampling;
import dev.easel.media.RgbImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** The edits people make to pictures they pass on, as the evaluation applies them. */
enum Edits {
    NONE("none (as marked)", image -> image),
    JPEG_75("JPEG quality 75", image -> jpeg(image, 0.75f)),
    HALF_AREA("resize to 50% (area)", image -> Resampling.resize(image, image.width() / 2, image.height() / 2)),
    HALF_BILINEAR("resize to 50% (bilinear)", image -> bilinear(image, image.width() / 2, image.height() / 2)),
    CROP_CENTRE("10% crop (5% off each side)", image -> crop(image, 0.05, 0.05, 0.05, 0.05)),
    CROP_LEFT("10% crop (all off the left)", image -> crop(image, 0.10, 0, 0, 0)),
    CROP_TOP_LEFT("10% crop (off the top and left)", image -> crop(image, 0.10, 0.10, 0, 0)),
    BRIGHTER("brightness +10%", image -> brightness(image, 1.10)),
    DARKER("brightness -10%", image -> brightness(image, 0.90));

    final String label;
    final UnaryOperator<RgbImage> apply;

    Edits(String label, UnaryOperator<RgbImage> apply) {
        this.label = label;
        this.apply = apply;
    }

    static RgbImage jpeg(RgbImage image, float quality) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image.toBufferedImage(), null, null), param);
            } finally {
                writer.dispose();
            }
            return RgbImage.fromBufferedImage(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RgbImage bilinear(RgbImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image.toBufferedImage(), 0, 0, width, height, null);
        g.dispose();
        return RgbImage.fromBufferedImage(out);
    }

    /** The picture without these fractions of its width (left, right) and height (top, bottom). */
    static RgbImage crop(RgbImage image, double left, double top, double right, double bottom) {
        int x0 = (int) Math.round(image.width() * left);
        int y0 = (int) Math.round(image.height() * top);
        int x1 = image.width() - (int) Math.round(image.width() * right);
        int y1 = image.height() - (int) Math.round(image.height() * bottom);
        int w = x1 - x0;
        byte[] out = new byte[w * (y1 - y0) * 3];
        for (int y = y0; y < y1; y++) {
            System.arraycopy(image.rgb(), (y * image.width() + x0) * 3, out, (y - y0) * w * 3, w * 3);
        }
        return new RgbImage(w, y1 - y0, out);
    }

    static RgbImage brightness(RgbImage image, double factor) {
        byte[] out = new byte[image.rgb().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Math.clamp(Math.round((image.rgb()[i] & 0xFF) * factor), 0, 255);
        }
        return new RgbImage(image.width(), image.height(), out);
    }
}
