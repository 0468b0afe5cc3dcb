package dev.easel.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import dev.easel.media.ImageDecodeException.Kind;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
    private static final long LIMIT = 4096L * 4096;

    @Test
    void refusesAHeaderOnlyBombBeforeDecoding() {
        byte[] bomb = pngHeaderOnly(20000, 20000);
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        assertKind(() -> ImageDecoder.decode(bomb, LIMIT), Kind.TOO_LARGE)
                .hasMessageContaining("20000x20000")
                .hasMessageContaining(Long.toString(LIMIT));
        assertKind(() -> ImageDecoder.decodeMask(bomb, LIMIT), Kind.TOO_LARGE);
        // Allocating 400 M pixels would take seconds (or fail); refusing takes milliseconds.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(threads.getCurrentThreadAllocatedBytes() - allocatedBefore).isLessThan(50L << 20);
    }

    @Test
    void probeReadsOnlyTheHeader() throws Exception {
        assertThat(ImageDecoder.probe(pngHeaderOnly(20000, 12345))).isEqualTo(new Dimensions(20000, 12345));
        RgbImage image = TestImages.scene(40, 24);
        for (OutputFormat format : OutputFormat.values()) {
            byte[] bytes = ImageEncoder.encode(image, new EncodeOptions(format, 80, "x"));
            assertThat(ImageDecoder.probe(bytes)).as(format.apiName()).isEqualTo(new Dimensions(40, 24));
        }
    }

    @Test
    void limitIsInclusive() throws Exception {
        byte[] png = TestImages.write(TestImages.scene(10, 10).toBufferedImage(), "png");
        assertThat(ImageDecoder.decode(png, 100).width()).isEqualTo(10);
        assertKind(() -> ImageDecoder.decode(png, 99), Kind.TOO_LARGE);
    }

    @Test
    void refusesOtherFormatsByTheirBytes() {
        BufferedImage small = TestImages.scene(8, 8).toBufferedImage();
        assertKind(() -> ImageDecoder.decode(TestImages.write(small, "gif"), LIMIT), Kind.UNSUPPORTED_FORMAT);
        assertKind(() -> ImageDecoder.decode(TestImages.write(small, "bmp"), LIMIT), Kind.UNSUPPORTED_FORMAT);
        assertKind(
                        () -> ImageDecoder.decode("hello, not an image".getBytes(StandardCharsets.UTF_8), LIMIT),
                        Kind.UNSUPPORTED_FORMAT)
                .hasMessageContaining("PNG, JPEG or WebP");
        assertKind(() -> ImageDecoder.probe("GIF89a".getBytes(StandardCharsets.US_ASCII)), Kind.UNSUPPORTED_FORMAT);
    }

    @Test
    void emptyIsItsOwnKind() {
        assertKind(() -> ImageDecoder.decode(new byte[0], LIMIT), Kind.EMPTY);
        assertKind(() -> ImageDecoder.decodeMask(new byte[0], LIMIT), Kind.EMPTY);
    }

    @Test
    void truncatedFilesAreCorruptWithSafeMessages() {
        RgbImage image = TestImages.noise(64, 64, 9);
        for (OutputFormat format : OutputFormat.values()) {
            byte[] whole = ImageEncoder.encode(image, new EncodeOptions(format, 90, ""));
            for (int length : new int[] {whole.length / 2, 20}) {
                byte[] truncated = Arrays.copyOf(whole, length);
                assertKind(() -> ImageDecoder.decode(truncated, LIMIT), Kind.CORRUPT)
                        .as(format + " cut to " + length)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Exception", "/", "\tat "));
            }
        }
        byte[] garbage = pngHeaderOnly(16, 16);
        garbage = Arrays.copyOf(garbage, garbage.length + 30);
        byte[] corrupt = garbage;
        assertKind(() -> ImageDecoder.decode(corrupt, LIMIT), Kind.CORRUPT);
    }

    @Test
    void decodesPngVariantsToSrgbValues() throws Exception {
        BufferedImage gray = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 2, 0, 100);
        RgbImage grayBack = ImageDecoder.decode(TestImages.write(gray, "png"), LIMIT);
        assertThat(grayBack.at(1, 2, 0)).isEqualTo(100);
        assertThat(grayBack.at(1, 2, 2)).isEqualTo(100);
        assertThat(grayBack.at(0, 0, 1)).isZero();

        BufferedImage gray16 = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(3, 3, 0, 0x8080);
        assertThat(ImageDecoder.decode(TestImages.write(gray16, "png"), LIMIT).at(3, 3, 1))
                .isEqualTo(0x80);

        byte[] reds = {0, (byte) 200};
        byte[] greens = {0, 10};
        byte[] blues = {0, 20};
        BufferedImage palette =
                new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(1, 2, reds, greens, blues));
        palette.getRaster().setSample(2, 1, 0, 1);
        RgbImage paletteBack = ImageDecoder.decode(TestImages.write(palette, "png"), LIMIT);
        assertThat(new int[] {paletteBack.at(2, 1, 0), paletteBack.at(2, 1, 1), paletteBack.at(2, 1, 2)})
                .containsExactly(200, 10, 20);

        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00336699);
        argb.setRGB(1, 0, 0xFF112233);
        RgbImage argbBack = ImageDecoder.decode(TestImages.write(argb, "png"), LIMIT);
        assertThat(new int[] {argbBack.at(0, 0, 0), argbBack.at(0, 0, 1), argbBack.at(0, 0, 2)})
                .as("alpha dropped, colour kept")
                .containsExactly(0x33, 0x66, 0x99);
        assertThat(argbBack.at(1, 0, 2)).isEqualTo(0x33);

        ComponentColorModel rgb16 = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage rgb48 = new BufferedImage(rgb16, rgb16.createCompatibleWritableRaster(4, 4), false, null);
        rgb48.getRaster().setPixel(2, 2, new int[] {0xFFFF, 0x8080, 0});
        RgbImage rgb48Back = ImageDecoder.decode(TestImages.write(rgb48, "png"), LIMIT);
        assertThat(new int[] {rgb48Back.at(2, 2, 0), rgb48Back.at(2, 2, 1), rgb48Back.at(2, 2, 2)})
                .containsExactly(255, 128, 0);
    }

    /** A valid PNG header declaring the given size with a correct CRC, followed by IEND and no pixel data. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertKind(ThrowingCallable call, Kind kind) {
        return assertThatThrownBy(call)
                .isInstanceOf(ImageDecodeException.class)
                .satisfies(e -> assertThat(((ImageDecodeException) e).kind()).isEqualTo(kind));
    }
}
