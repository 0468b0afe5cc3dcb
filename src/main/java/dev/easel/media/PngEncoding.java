package dev.easel.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;

/**
 * PNG through ImageIO's writer, with the metadata as text chunks: {@code parameters} (the key the
 * big self-hosted UIs read and write) and the XMP packet under the standard XMP keyword.
 */
final class PngEncoding {
    static final String PARAMETERS_KEYWORD = "parameters";
    static final String XMP_KEYWORD = "XML:com.adobe.xmp";
    private static final String NATIVE_FORMAT = "javax_imageio_png_1.0";

    private PngEncoding() {}

    static byte[] encode(RgbImage image, int compression, String parameters) {
        ImageWriter writer = ImageIoPlugins.writer("image/png");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        // The JDK writer turns quality q into deflate level 9 - round(9q); this is its inverse.
        param.setCompressionQuality((9 - deflateLevel(compression)) / 9f);
        BufferedImage buffered = image.toBufferedImage();
        IIOMetadata metadata =
                writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(buffered), param);
        try {
            metadata.mergeTree(NATIVE_FORMAT, textChunks(Text.withoutNul(parameters)));
        } catch (IOException e) {
            writer.dispose();
            throw new ImageEncodeException("could not attach PNG metadata", e);
        }
        return ImageIoPlugins.write(writer, new IIOImage(buffered, null, metadata), param);
    }

    /**
     * PNG is lossless, so output_compression only trades time for size. 100 ("least compression")
     * gives level 1, the fastest that still compresses (stored PNGs of 1024² images are 3 MiB for
     * nothing); 0 gives level 9. Between, linear.
     */
    static int deflateLevel(int compression) {
        return 1 + Math.round(8 * (100 - compression) / 100f);
    }

    private static IIOMetadataNode textChunks(String parameters) {
        IIOMetadataNode root = new IIOMetadataNode(NATIVE_FORMAT);
        IIOMetadataNode iTxt = new IIOMetadataNode("iTXt");
        if (!parameters.isEmpty()) {
            if (Text.isLatin1(parameters)) {
                IIOMetadataNode tExt = new IIOMetadataNode("tEXt");
                IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
                entry.setAttribute("keyword", PARAMETERS_KEYWORD);
                entry.setAttribute("value", parameters);
                tExt.appendChild(entry);
                root.appendChild(tExt);
            } else {
                iTxt.appendChild(iTxtEntry(PARAMETERS_KEYWORD, parameters));
            }
        }
        iTxt.appendChild(iTxtEntry(XMP_KEYWORD, XmpPacket.build(parameters)));
        root.appendChild(iTxt);
        return root;
    }

    private static IIOMetadataNode iTxtEntry(String keyword, String text) {
        IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
        entry.setAttribute("keyword", keyword);
        // Uncompressed: XMP readers that scan files for the packet cannot see through deflate.
        entry.setAttribute("compressionFlag", "FALSE");
        entry.setAttribute("compressionMethod", "0");
        entry.setAttribute("languageTag", "");
        entry.setAttribute("translatedKeyword", "");
        entry.setAttribute("text", text);
        return entry;
    }
}
