package dev.easel.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * JPEG through ImageIO's writer, then the metadata spliced in as raw segments right after the
 * JFIF header: an APP1 XMP segment and a COM segment with the parameters. Splicing bytes is
 * simpler to get right than ImageIO's marker-sequence tree, whose order rules are subtle.
 */
final class JpegEncoding {
    static final byte[] XMP_NAMESPACE = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);
    static final int APP0 = 0xE0;
    static final int APP1 = 0xE1;
    static final int COM = 0xFE;
    /** A segment's 16-bit length counts itself, so its payload is at most 65533 bytes. */
    private static final int MAX_PAYLOAD = 0xFFFF - 2;
    /** Below this libjpeg's quantisation tables saturate and the picture is unrecognisable. */
    private static final float MIN_QUALITY = 0.05f;

    private JpegEncoding() {}

    static byte[] encode(RgbImage image, int compression, String parameters) {
        ImageWriter writer = ImageIoPlugins.writer("image/jpeg");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(Math.max(MIN_QUALITY, compression / 100f));
        byte[] plain = ImageIoPlugins.write(writer, new IIOImage(image.toBufferedImage(), null, null), param);
        return withMetadata(plain, parameters);
    }

    static byte[] withMetadata(byte[] jpeg, String parameters) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new ImageEncodeException("the JPEG writer produced no SOI marker", null);
        }
        // JFIF requires its APP0 to follow SOI directly, so the new segments go after it.
        int insertAt = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == APP0) {
            insertAt = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
            if (insertAt > jpeg.length) {
                throw new ImageEncodeException("the JPEG writer produced a truncated APP0 segment", null);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 4096);
        out.write(jpeg, 0, insertAt);
        byte[] xmp = XmpPacket.utf8(parameters, MAX_PAYLOAD - XMP_NAMESPACE.length);
        writeSegment(out, APP1, XMP_NAMESPACE, xmp);
        String comment = Text.withoutNul(parameters);
        if (!comment.isEmpty()) {
            writeSegment(out, COM, Text.truncateUtf8(comment, MAX_PAYLOAD).getBytes(StandardCharsets.UTF_8));
        }
        out.write(jpeg, insertAt, jpeg.length - insertAt);
        return out.toByteArray();
    }

    private static void writeSegment(ByteArrayOutputStream out, int marker, byte[]... parts) {
        int length = 2;
        for (byte[] part : parts) {
            length += part.length;
        }
        out.write(0xFF);
        out.write(marker);
        out.write(length >> 8);
        out.write(length & 0xFF);
        for (byte[] part : parts) {
            out.write(part, 0, part.length);
        }
    }
}
