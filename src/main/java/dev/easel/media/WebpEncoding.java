package dev.easel.media;

import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * WebP through webp-imageio (native libwebp), then rewritten to the extended container so it can
 * carry the XMP packet. The parameters text lives in the XMP description: WebP has no text chunk.
 * A picture with an {@link Alpha} is written with it (libwebp keeps alpha losslessly in lossless
 * files; in lossy ones it goes in an {@code ALPH} chunk). libwebp does not keep the colours under
 * fully transparent pixels: they are free to change (webp-imageio offers no "exact" switch).
 */
final class WebpEncoding {
    /** webp-imageio's compression type names, from its WebPWriteParam. */
    private static final String LOSSY = "Lossy";

    private static final String LOSSLESS = "Lossless";

    private WebpEncoding() {}

    /**
     * output_compression 100 means "no loss", so it selects lossless WebP; below that it is the
     * lossy quality (libwebp's 0..100). Lossless still compresses well on generated images and
     * keeps the API's default of 100 honest.
     */
    static byte[] encode(RgbImage image, java.util.Optional<Alpha> alpha, int compression, String parameters) {
        ImageWriter writer = ImageIoPlugins.writer("image/webp");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        if (compression == 100) {
            param.setCompressionType(LOSSLESS);
        } else {
            param.setCompressionType(LOSSY);
            param.setCompressionQuality(compression / 100f);
        }
        byte[] plain;
        try {
            var picture = alpha.isPresent() ? alpha.get().over(image) : image.toBufferedImage();
            plain = ImageIoPlugins.write(writer, new IIOImage(picture, null, null), param);
        } catch (LinkageError e) {
            throw new ImageEncodeException("WebP encoding is not available on this platform", e);
        }
        return WebpContainer.withXmp(plain, image.width(), image.height(), XmpPacket.utf8(parameters));
    }
}
