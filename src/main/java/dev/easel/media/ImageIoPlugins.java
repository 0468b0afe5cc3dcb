package dev.easel.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Finds ImageIO readers and writers by MIME type (WebP comes from webp-imageio's service
 * registration) and writes to memory, never to ImageIO's temporary-file cache.
 */
final class ImageIoPlugins {
    private ImageIoPlugins() {}

    static ImageWriter writer(String mimeType) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType(mimeType);
        if (!writers.hasNext()) {
            throw new ImageEncodeException("no ImageIO writer for " + mimeType + " is installed", null);
        }
        return writers.next();
    }

    /** A reader, or null when none is installed. */
    static ImageReader reader(String mimeType) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(mimeType);
        return readers.hasNext() ? readers.next() : null;
    }

    static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new ImageEncodeException(
                    "could not encode the image with " + writer.getClass().getSimpleName(), e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
