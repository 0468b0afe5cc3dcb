package dev.easel.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegEncodingTest {
    private static final String PARAMETERS = "a red fox — «ünïcödé»\nSteps: 4, Seed: 7, Size: 64x64, Model: demo";

    record Segment(int marker, byte[] payload) {}

    @Test
    void roundTripsCloselyAtCompression90() throws Exception {
        RgbImage image = TestImages.scene(64, 64);
        byte[] jpeg = ImageEncoder.encode(image, new EncodeOptions(OutputFormat.JPEG, 90, PARAMETERS));
        RgbImage back = ImageDecoder.decode(jpeg, 1_000_000);
        assertThat(TestImages.meanAbsError(image, back)).isLessThan(8);
        assertThat(ImageIO.read(new ByteArrayInputStream(jpeg)))
                .as("plain ImageIO reads it")
                .isNotNull();
    }

    @Test
    void lowerCompressionValueMeansSmallerFile() {
        RgbImage image = TestImages.noise(64, 64, 3);
        int low = ImageEncoder.encode(image, new EncodeOptions(OutputFormat.JPEG, 20, "")).length;
        int high = ImageEncoder.encode(image, new EncodeOptions(OutputFormat.JPEG, 95, "")).length;
        assertThat(low).isLessThan(high);
    }

    @Test
    void carriesXmpInApp1AndParametersInAComment() {
        byte[] jpeg =
                ImageEncoder.encode(TestImages.scene(32, 32), new EncodeOptions(OutputFormat.JPEG, 80, PARAMETERS));
        List<Segment> segments = segments(jpeg);
        assertThat(segments.getFirst().marker()).as("JFIF APP0 stays first").isEqualTo(0xE0);

        Segment app1 =
                segments.stream().filter(s -> s.marker() == 0xE1).findFirst().orElseThrow();
        byte[] namespace = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);
        assertThat(Arrays.copyOf(app1.payload(), namespace.length)).isEqualTo(namespace);
        String xmp = new String(
                app1.payload(), namespace.length, app1.payload().length - namespace.length, StandardCharsets.UTF_8);
        assertThat(xmp)
                .contains(XmpPacket.TRAINED_ALGORITHMIC_MEDIA)
                .contains("Easel")
                .contains("«ünïcödé»");

        Segment comment =
                segments.stream().filter(s -> s.marker() == 0xFE).findFirst().orElseThrow();
        assertThat(new String(comment.payload(), StandardCharsets.UTF_8)).isEqualTo(PARAMETERS);
    }

    @Test
    void overlongParametersAreShortenedToFitTheSegments() throws Exception {
        String parameters = "ü<&>".repeat(40_000);
        byte[] jpeg =
                ImageEncoder.encode(TestImages.scene(16, 16), new EncodeOptions(OutputFormat.JPEG, 80, parameters));
        List<Segment> segments = segments(jpeg);
        String xmp = new String(
                segments.stream()
                        .filter(s -> s.marker() == 0xE1)
                        .findFirst()
                        .orElseThrow()
                        .payload(),
                StandardCharsets.UTF_8);
        assertThat(xmp).endsWith("<?xpacket end=\"r\"?>").contains(XmpPacket.TRAINED_ALGORITHMIC_MEDIA);
        String comment = new String(
                segments.stream()
                        .filter(s -> s.marker() == 0xFE)
                        .findFirst()
                        .orElseThrow()
                        .payload(),
                StandardCharsets.UTF_8);
        assertThat(parameters).startsWith(comment);
        assertThat(comment.length()).isGreaterThan(30_000);
        assertThat(ImageDecoder.decode(jpeg, 1_000).width()).isEqualTo(16);
    }

    /** The marker segments between SOI and SOS. */
    static List<Segment> segments(byte[] jpeg) {
        assertThat(jpeg[0] & 0xFF).isEqualTo(0xFF);
        assertThat(jpeg[1] & 0xFF).isEqualTo(0xD8);
        List<Segment> segments = new ArrayList<>();
        int pos = 2;
        while (true) {
            assertThat(jpeg[pos] & 0xFF).as("marker at " + pos).isEqualTo(0xFF);
            int marker = jpeg[pos + 1] & 0xFF;
            int length = (jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF);
            if (marker == 0xDA) {
                return segments;
            }
            segments.add(new Segment(marker, Arrays.copyOfRange(jpeg, pos + 4, pos + 2 + length)));
            pos += 2 + length;
        }
    }
}
