package dev.easel.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class PngEncodingTest {
    private static final String PARAMETERS = "a red fox\nSteps: 4, Seed: 7, Size: 64x64, Model: demo";

    @Test
    void roundTripsPixelsExactly() throws Exception {
        RgbImage image = TestImages.scene(64, 48);
        byte[] png = ImageEncoder.encode(image, new EncodeOptions(OutputFormat.PNG, 100, PARAMETERS));
        assertThat(ImageDecoder.decode(png, 1_000_000).rgb()).isEqualTo(image.rgb());
    }

    /**
     * The encoder writes the PNG itself: every filter (noise, flat areas, gradients pick each of
     * them somewhere), widths under one pixel's filter reach, one-row and one-column pictures and
     * every deflate level decode, through ImageIO's reader, to the very bytes encoded.
     */
    @Test
    void decodesToTheSamePixelsWhateverTheShapeTheContentAndTheLevel() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        int[][] sizes = {{1, 1}, {1, 9}, {9, 1}, {2, 3}, {31, 17}, {64, 48}, {257, 130}};
        for (int[] size : sizes) {
            int w = size[0];
            int h = size[1];
            byte[] rgb = new byte[w * h * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        int v = switch ((y / 4) % 4) {
                            case 0 -> random.nextInt(256); // noise
                            case 1 -> 200; // flat
                            case 2 -> (x * 3 + c * 40) & 0xFF; // horizontal gradient
                            default -> (y * 5 + x + c) & 0xFF; // diagonal
                        };
                        rgb[(y * w + x) * 3 + c] = (byte) v;
                    }
                }
            }
            RgbImage image = new RgbImage(w, h, rgb);
            for (int compression : new int[] {100, 50, 0}) {
                for (boolean partial : new boolean[] {false, true}) {
                    byte[] png = ImageEncoder.encode(
                            image, new EncodeOptions(OutputFormat.PNG, compression, PARAMETERS, partial));
                    java.awt.image.BufferedImage read = ImageIO.read(new ByteArrayInputStream(png));
                    assertThat(RgbImage.fromBufferedImage(read).rgb())
                            .as("%dx%d at output_compression %d, partial %s", w, h, compression, partial)
                            .isEqualTo(rgb);
                }
            }
        }
    }

    /**
     * A partial image's PNG puts every row on the Up filter at the fastest level, whatever
     * output_compression asks; a finished one still chooses per row.
     */
    @Test
    void aPartialImagesRowsAllTakeTheUpFilter() throws Exception {
        RgbImage image = TestImages.scene(64, 48);
        byte[] partial = ImageEncoder.encode(image, new EncodeOptions(OutputFormat.PNG, 0, PARAMETERS, true));
        byte[] finished = ImageEncoder.encode(image, new EncodeOptions(OutputFormat.PNG, 0, PARAMETERS));

        assertThat(rowFilters(partial)).hasSize(48).containsOnly((int) Filters.UP);
        assertThat(rowFilters(finished)).hasSize(48).contains((int) Filters.SUB);
    }

    /** The filter type byte of each row, from the inflated IDAT data. */
    private static List<Integer> rowFilters(byte[] png) throws Exception {
        java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream();
        int width = 0;
        for (int at = 8; at < png.length; ) {
            int length = java.nio.ByteBuffer.wrap(png, at, 4).getInt();
            String type = new String(png, at + 4, 4, StandardCharsets.US_ASCII);
            if (type.equals("IHDR")) {
                width = java.nio.ByteBuffer.wrap(png, at + 8, 4).getInt();
            } else if (type.equals("IDAT")) {
                idat.write(png, at + 8, length);
            }
            at += 12 + length;
        }
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        inflater.setInput(idat.toByteArray());
        byte[] raw = new byte[1 << 20];
        int n = inflater.inflate(raw);
        inflater.end();
        List<Integer> filters = new ArrayList<>();
        for (int row = 0; row < n; row += width * 3 + 1) {
            filters.add((int) raw[row]);
        }
        return filters;
    }

    @Test
    void carriesParametersAndXmpAsTextChunks() throws Exception {
        byte[] png = ImageEncoder.encode(TestImages.scene(32, 32), new EncodeOptions(OutputFormat.PNG, 50, PARAMETERS));

        Map<String, String> text = textEntries(png, "tEXt", "value");
        Map<String, String> international = textEntries(png, "iTXt", "text");
        assertThat(text).containsEntry("parameters", PARAMETERS);
        assertThat(international).containsKey("XML:com.adobe.xmp");
        assertThat(international.get("XML:com.adobe.xmp"))
                .contains("Iptc4xmpExt:DigitalSourceType=\"" + XmpPacket.TRAINED_ALGORITHMIC_MEDIA + "\"")
                .contains("xmp:CreatorTool=\"Easel\"")
                .contains("Steps: 4, Seed: 7");

        List<String> chunkTypes = chunkTypes(png);
        assertThat(chunkTypes).startsWith("IHDR").endsWith("IEND").contains("tEXt", "iTXt");
        assertThat(chunkTypes.indexOf("tEXt")).isLessThan(chunkTypes.indexOf("IDAT"));
        byte[] rawText = ("tEXtparameters\0" + PARAMETERS).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(TestImages.indexOf(png, rawText)).isPositive();
        assertThat(TestImages.indexOf(png, XmpPacket.TRAINED_ALGORITHMIC_MEDIA.getBytes(StandardCharsets.US_ASCII)))
                .isPositive();
    }

    @Test
    void nonLatin1ParametersGoToAnInternationalTextChunk() throws Exception {
        String parameters = "一只红狐狸 🦊\nSteps: 4";
        byte[] png =
                ImageEncoder.encode(TestImages.scene(16, 16), new EncodeOptions(OutputFormat.PNG, 100, parameters));
        assertThat(textEntries(png, "tEXt", "value")).doesNotContainKey("parameters");
        assertThat(textEntries(png, "iTXt", "text")).containsEntry("parameters", parameters);
    }

    @Test
    void compressionMapsToDeflateLevelsWithOneAtTheLeastCompression() {
        assertThat(PngEncoding.deflateLevel(100)).isEqualTo(1);
        assertThat(PngEncoding.deflateLevel(0)).isEqualTo(9);
        assertThat(PngEncoding.deflateLevel(50)).isEqualTo(5);
        RgbImage image = TestImages.scene(128, 128);
        byte[] fast = ImageEncoder.encode(image, new EncodeOptions(OutputFormat.PNG, 100, ""));
        byte[] small = ImageEncoder.encode(image, new EncodeOptions(OutputFormat.PNG, 0, ""));
        assertThat(small.length).isLessThanOrEqualTo(fast.length);
        // Level 1 still compresses (stored would be 48 KiB and more), unlike the JDK's mapping of quality 1.
        byte[] flat = ImageEncoder.encode(
                TestImages.flat(128, 128, 9, 99, 199), new EncodeOptions(OutputFormat.PNG, 100, ""));
        assertThat(flat.length).isLessThan(4096);
    }

    /** keyword → text of the tEXt or iTXt entries, read back through ImageIO's native PNG metadata. */
    static Map<String, String> textEntries(byte[] png, String chunk, String textAttribute) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            reader.setInput(in);
            Node tree = reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            Map<String, String> entries = new HashMap<>();
            NodeList nodes = ((Element) tree).getElementsByTagName(chunk + "Entry");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element entry = (Element) nodes.item(i);
                entries.put(entry.getAttribute("keyword"), entry.getAttribute(textAttribute));
            }
            return entries;
        } finally {
            reader.dispose();
        }
    }

    static List<String> chunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        int pos = 8;
        while (pos + 8 <= png.length) {
            int length = (png[pos] & 0xFF) << 24
                    | (png[pos + 1] & 0xFF) << 16
                    | (png[pos + 2] & 0xFF) << 8
                    | (png[pos + 3] & 0xFF);
            types.add(new String(png, pos + 4, 4, StandardCharsets.US_ASCII));
            pos += 12 + length;
        }
        assertThat(pos).as("chunks end at the end of the file").isEqualTo(png.length);
        return types;
    }
}
