package dev.easel.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class WebpEncodingTest {
    private static final String PARAMETERS = "a red fox\nSteps: 4, Seed: 7, Size: 64x64, Model: demo";

    @Test
    void lossyRoundTripsCloselyAtCompression90() throws Exception {
        RgbImage image = TestImages.scene(64, 64);
        byte[] webp = ImageEncoder.encode(image, new EncodeOptions(OutputFormat.WEBP, 90, PARAMETERS));
        assertThat(chunks(webp)).containsKey("VP8 ");
        assertThat(TestImages.meanAbsError(image, ImageDecoder.decode(webp, 1_000_000)))
                .isLessThan(8);
    }

    @Test
    void compression100IsLosslessAndExact() throws Exception {
        RgbImage image = TestImages.scene(48, 40);
        byte[] webp = ImageEncoder.encode(image, new EncodeOptions(OutputFormat.WEBP, 100, PARAMETERS));
        assertThat(chunks(webp)).containsKey("VP8L");
        assertThat(ImageDecoder.decode(webp, 1_000_000).rgb()).isEqualTo(image.rgb());
    }

    @Test
    void lowerCompressionValueMeansSmallerFile() {
        RgbImage image = TestImages.noise(64, 64, 5);
        int low = ImageEncoder.encode(image, new EncodeOptions(OutputFormat.WEBP, 20, "")).length;
        int high = ImageEncoder.encode(image, new EncodeOptions(OutputFormat.WEBP, 95, "")).length;
        assertThat(low).isLessThan(high);
    }

    @Test
    void isAnExtendedContainerWithXmp() throws Exception {
        // Both parities of XMP length, so the padding byte is exercised.
        for (String parameters : new String[] {PARAMETERS, PARAMETERS + "!"}) {
            for (int compression : new int[] {75, 100}) {
                byte[] webp = ImageEncoder.encode(
                        TestImages.scene(30, 20), new EncodeOptions(OutputFormat.WEBP, compression, parameters));
                assertThat(WebpContainer.readLe32(webp, 4)).as("RIFF size").isEqualTo(webp.length - 8);
                Map<String, byte[]> chunks = chunks(webp);
                assertThat(chunks.keySet().iterator().next()).isEqualTo("VP8X");
                byte[] vp8x = chunks.get("VP8X");
                assertThat(vp8x[0] & 0x04).as("XMP flag").isEqualTo(0x04);
                assertThat(vp8x[0] & 0x10).as("no alpha flag").isZero();
                assertThat((vp8x[4] & 0xFF | (vp8x[5] & 0xFF) << 8 | (vp8x[6] & 0xFF) << 16) + 1)
                        .isEqualTo(30);
                assertThat((vp8x[7] & 0xFF | (vp8x[8] & 0xFF) << 8 | (vp8x[9] & 0xFF) << 16) + 1)
                        .isEqualTo(20);
                String xmp = new String(chunks.get("XMP "), StandardCharsets.UTF_8);
                assertThat(xmp).contains(XmpPacket.TRAINED_ALGORITHMIC_MEDIA).contains(parameters);
                BufferedImage back = ImageIO.read(new ByteArrayInputStream(webp));
                assertThat(back).as("webp-imageio reads the extended file").isNotNull();
                assertThat(back.getWidth()).isEqualTo(30);
                assertThat(ImageDecoder.probe(webp)).isEqualTo(new Dimensions(30, 20));
            }
        }
    }

    /** fourCC → payload, in file order; fails unless the chunks, padded to even sizes, fill the file. */
    static Map<String, byte[]> chunks(byte[] webp) {
        assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(webp, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        Map<String, byte[]> chunks = new LinkedHashMap<>();
        int pos = 12;
        while (pos < webp.length) {
            String fourCc = new String(webp, pos, 4, StandardCharsets.US_ASCII);
            int size = (int) WebpContainer.readLe32(webp, pos + 4);
            chunks.put(fourCc, Arrays.copyOfRange(webp, pos + 8, pos + 8 + size));
            pos += 8 + size + (size & 1);
        }
        assertThat(pos).as("chunks end at the end of the file").isEqualTo(webp.length);
        return chunks;
    }
}
