package dev.easel.media;

import dev.easel.media.ImageDecodeException.Kind;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes uploads (PNG, JPEG, WebP) defensively: the format is sniffed from the bytes, and the
 * size is read from the header and checked before any pixel memory is allocated, so a small
 * file declaring a huge canvas (a decompression bomb) costs nothing.
 */
public final class ImageDecoder {
    private ImageDecoder() {}

    /** The picture as RGB; alpha, if any, is dropped (see {@link Pixels#rgb}). */
    public static RgbImage decode(byte[] bytes, long maxPixels) throws ImageDecodeException {
        return Pixels.rgb(read(bytes, maxPixels));
    }

    /**
     * An OpenAI edit mask: pixels with alpha below 128 are the area to change (value 1). A picture
     * without an alpha channel cannot say anything, so it is refused rather than read as "keep all".
     */
    public static Mask decodeMask(byte[] bytes, long maxPixels) throws ImageDecodeException {
        BufferedImage image = read(bytes, maxPixels);
        if (!image.getColorModel().hasAlpha()) {
            throw new ImageDecodeException(
                    Kind.MASK_WITHOUT_ALPHA,
                    "the mask has no alpha channel; it must be a PNG whose transparent pixels mark the area to edit");
        }
        return Pixels.transparentArea(image);
    }

    /** Just the dimensions, from the header. */
    public static Dimensions probe(byte[] bytes) throws ImageDecodeException {
        SniffedFormat format = sniff(bytes);
        ImageReader reader = reader(format);
        try (ImageInputStream in = stream(bytes)) {
            reader.setInput(in, true, true);
            return dimensions(reader, format);
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, e);
        } catch (LinkageError e) {
            throw unavailable(format, e);
        } finally {
            reader.dispose();
        }
    }

    private static BufferedImage read(byte[] bytes, long maxPixels) throws ImageDecodeException {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        SniffedFormat format = sniff(bytes);
        ImageReader reader = reader(format);
        TruncationWatch truncation = new TruncationWatch();
        reader.addIIOReadWarningListener(truncation);
        try (ImageInputStream in = stream(bytes)) {
            reader.setInput(in, true, true);
            Dimensions size = dimensions(reader, format);
            if (size.pixels() > maxPixels) {
                throw new ImageDecodeException(
                        Kind.TOO_LARGE,
                        String.format(
                                Locale.ROOT,
                                "the image is %dx%d (%d pixels); the limit is %d pixels",
                                size.width(),
                                size.height(),
                                size.pixels(),
                                maxPixels));
            }
            BufferedImage image = reader.read(0);
            if (truncation.truncated || image.getWidth() != size.width() || image.getHeight() != size.height()) {
                throw corrupt(format, null);
            }
            return image;
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, e);
        } catch (LinkageError e) {
            throw unavailable(format, e);
        } finally {
            reader.dispose();
        }
    }

    private static SniffedFormat sniff(byte[] bytes) throws ImageDecodeException {
        if (bytes == null || bytes.length == 0) {
            throw new ImageDecodeException(Kind.EMPTY, "the image is empty");
        }
        SniffedFormat format = SniffedFormat.of(bytes);
        if (format == null) {
            throw new ImageDecodeException(
                    Kind.UNSUPPORTED_FORMAT, "unsupported image format; expected PNG, JPEG or WebP");
        }
        if (format == SniffedFormat.WEBP && WebpContainer.isAnimated(bytes)) {
            throw new ImageDecodeException(Kind.UNSUPPORTED_FORMAT, "animated WebP images are not supported");
        }
        return format;
    }

    private static ImageReader reader(SniffedFormat format) throws ImageDecodeException {
        ImageReader reader = ImageIoPlugins.reader(format.mimeType);
        if (reader == null) {
            throw new ImageDecodeException(
                    Kind.UNSUPPORTED_FORMAT, format.displayName + " images are not supported by this server");
        }
        return reader;
    }

    /** In memory: ImageIO's default stream factory may spill uploads into temporary files. */
    private static ImageInputStream stream(byte[] bytes) {
        return new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
    }

    private static Dimensions dimensions(ImageReader reader, SniffedFormat format) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw new IOException(format.displayName + " header declares " + width + "x" + height);
        }
        return new Dimensions(width, height);
    }

    private static ImageDecodeException corrupt(SniffedFormat format, Throwable cause) {
        String hint = format == SniffedFormat.JPEG ? " (or uses an unsupported colour model such as CMYK)" : "";
        return new ImageDecodeException(
                Kind.CORRUPT, "the " + format.displayName + " image is corrupt or truncated" + hint, cause);
    }

    /** webp-imageio's native library may not exist for this platform: a server limit, not bad input. */
    private static ImageDecodeException unavailable(SniffedFormat format, Throwable cause) {
        return new ImageDecodeException(
                Kind.UNSUPPORTED_FORMAT, format.displayName + " images are not supported by this server", cause);
    }
}
