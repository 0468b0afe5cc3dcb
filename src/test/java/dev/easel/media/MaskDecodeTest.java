package dev.easel.media;

import static dev.easel.media.ImageDecoderTest.assertKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.media.ImageDecodeException.Kind;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.io.ByteArrayOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

class MaskDecodeTest {
    private static final long LIMIT = 1 << 20;

    @Test
    void transparentRectangleIsTheAreaToChange() throws Exception {
        Mask mask = ImageDecoder.decodeMask(TestImages.write(rectangleMask(), "png"), LIMIT);
        assertRectangle(mask);
    }

    @Test
    void grayWithAlphaPngWorks() throws Exception {
        ComponentColorModel grayAlpha = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_GRAY),
                true,
                false,
                Transparency.TRANSLUCENT,
                DataBuffer.TYPE_BYTE);
        BufferedImage image =
                new BufferedImage(grayAlpha, grayAlpha.createCompatibleWritableRaster(24, 16), false, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 24; x++) {
                boolean inside = x >= 4 && x < 12 && y >= 3 && y < 9;
                image.getRaster().setPixel(x, y, new int[] {200, inside ? 0 : 255});
            }
        }
        assertRectangle(ImageDecoder.decodeMask(TestImages.write(image, "png"), LIMIT));
    }

    @Test
    void halfTransparencyFollowsTheThreshold() throws Exception {
        BufferedImage image = rectangleMask();
        image.setRGB(0, 0, 0x7FFFFFFF);
        image.setRGB(1, 0, 0x80FFFFFF);
        Mask mask = ImageDecoder.decodeMask(TestImages.write(image, "png"), LIMIT);
        assertThat(mask.values()[0]).as("alpha 127").isEqualTo(1f);
        assertThat(mask.values()[1]).as("alpha 128").isEqualTo(0f);
    }

    @Test
    void losslessWebpMaskWorksToo() throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByMIMEType("image/webp").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType("Lossless");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(rectangleMask(), null, null), param);
        } finally {
            writer.dispose();
        }
        assertRectangle(ImageDecoder.decodeMask(bytes.toByteArray(), LIMIT));
    }

    @Test
    void pictureWithoutAlphaIsRefused() {
        byte[] rgbPng = TestImages.write(TestImages.scene(16, 16).toBufferedImage(), "png");
        assertKind(() -> ImageDecoder.decodeMask(rgbPng, LIMIT), Kind.MASK_WITHOUT_ALPHA)
                .hasMessageContaining("alpha");
        byte[] jpeg = ImageEncoder.encode(TestImages.scene(16, 16), new EncodeOptions(OutputFormat.JPEG, 90, ""));
        assertKind(() -> ImageDecoder.decodeMask(jpeg, LIMIT), Kind.MASK_WITHOUT_ALPHA);
    }

    @Test
    void maskIsSizeCheckedLikeImages() {
        byte[] png = TestImages.write(rectangleMask(), "png");
        assertKind(() -> ImageDecoder.decodeMask(png, 100), Kind.TOO_LARGE);
    }

    /** 24×16, opaque white except a fully transparent rectangle x∈[4,12), y∈[3,9). */
    private static BufferedImage rectangleMask() {
        BufferedImage image = new BufferedImage(24, 16, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 24; x++) {
                boolean inside = x >= 4 && x < 12 && y >= 3 && y < 9;
                image.setRGB(x, y, inside ? 0x00000000 : 0xFFFFFFFF);
            }
        }
        return image;
    }

    private static void assertRectangle(Mask mask) {
        assertThat(mask.width()).isEqualTo(24);
        assertThat(mask.height()).isEqualTo(16);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 24; x++) {
                boolean inside = x >= 4 && x < 12 && y >= 3 && y < 9;
                assertThat(mask.values()[y * 24 + x]).as("(%d, %d)", x, y).isEqualTo(inside ? 1f : 0f);
            }
        }
    }
}
