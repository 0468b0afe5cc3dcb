package dev.easel.media;

import java.nio.charset.StandardCharsets;

/**
 * The XMP packet every output file carries: it declares the picture as made by a trained
 * algorithm (IPTC digital source type {@code trainedAlgorithmicMedia}, which content-provenance
 * tools and photo libraries look for), names Easel as the creator tool and repeats the
 * generation parameters as the description.
 */
final class XmpPacket {
    static final String TRAINED_ALGORITHMIC_MEDIA =
            "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
    static final String CREATOR_TOOL = "Easel";

    private XmpPacket() {}

    static byte[] utf8(String parameters) {
        return build(parameters).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The packet in at most {@code maxBytes}, shortening the description if needed: a JPEG
     * segment holds at most 64 KiB and a long prompt must not make encoding fail.
     */
    static byte[] utf8(String parameters, int maxBytes) {
        String description = parameters;
        byte[] packet = utf8(description);
        while (packet.length > maxBytes && !description.isEmpty()) {
            // Escaping only ever lengthens text, so dropping the overflow from the raw text is never too much.
            int keep = Text.utf8Length(description) - (packet.length - maxBytes);
            description = Text.truncateUtf8(description, Math.max(0, keep));
            packet = utf8(description);
        }
        if (packet.length > maxBytes) {
            throw new IllegalArgumentException("XMP packet cannot fit in " + maxBytes + " bytes");
        }
        return packet;
    }

    static String build(String parameters) {
        StringBuilder xml = new StringBuilder(512 + parameters.length());
        xml.append("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
                .append("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n")
                .append(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n")
                .append("  <rdf:Description rdf:about=\"\"\n")
                .append("    xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\"\n")
                .append("    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n")
                .append("    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n")
                .append("    Iptc4xmpExt:DigitalSourceType=\"")
                .append(TRAINED_ALGORITHMIC_MEDIA)
                .append("\"\n")
                .append("    xmp:CreatorTool=\"")
                .append(CREATOR_TOOL)
                .append("\">\n");
        if (!parameters.isEmpty()) {
            xml.append("   <dc:description>\n")
                    .append("    <rdf:Alt>\n")
                    .append("     <rdf:li xml:lang=\"x-default\">");
            appendEscaped(xml, parameters);
            xml.append("</rdf:li>\n").append("    </rdf:Alt>\n").append("   </dc:description>\n");
        }
        return xml.append("  </rdf:Description>\n")
                .append(" </rdf:RDF>\n")
                .append("</x:xmpmeta>\n")
                .append("<?xpacket end=\"r\"?>")
                .toString();
    }

    /** Escapes markup and drops code points XML 1.0 forbids, so any prompt yields well-formed XML. */
    private static void appendEscaped(StringBuilder xml, String text) {
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> xml.append("&amp;");
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '"' -> xml.append("&quot;");
                default -> {
                    if (allowedInXml(cp)) {
                        xml.appendCodePoint(cp);
                    }
                }
            }
        });
    }

    private static boolean allowedInXml(int cp) {
        return cp == 0x9
                || cp == 0xA
                || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || cp >= 0x10000;
    }
}
