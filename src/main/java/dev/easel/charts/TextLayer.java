package dev.easel.charts;

import dev.easel.media.RgbImage;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets a headline in a real font over a picture (a diffusion model's lettering is not to be
 * trusted), on a plate that contrasts with the text: the region under the box is darkened and
 * the text is white. Everything is drawn clipped to the returned box, so pixels outside it are
 * byte-for-byte the background's. Words wrap; the font shrinks until the longest word fits.
 */
public final class TextLayer {
    private static final int MIN_FONT = 10;
    private static final float PLATE_ALPHA = 0.72f;

    private TextLayer() {}

    public static ComposedText compose(RgbImage background, String headline, Placement placement) {
        String text = headline == null ? "" : headline.strip();
        if (text.isEmpty()) {
            throw new ChartSpecException("headline", "is required");
        }
        ChartSpecException.checkText("headline", text);
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        BufferedImage canvas = background.toBufferedImage();
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
            int w = background.width();
            int h = background.height();
            int margin = Math.max(2, Math.min(w, h) / 32);
            int maxTextWidth = Math.max(1, w - 4 * margin);
            int size = Math.max(MIN_FONT, Math.min(h / 10, 72));
            Font font;
            FontMetrics metrics;
            List<String> lines;
            while (true) {
                font = new Font(Font.SANS_SERIF, Font.BOLD, size);
                metrics = g.getFontMetrics(font);
                lines = wrap(text, metrics, maxTextWidth);
                int blockHeight = lines.size() * metrics.getHeight();
                boolean fits = widest(lines, metrics) <= maxTextWidth && blockHeight <= h - 2 * margin;
                if (fits || size <= MIN_FONT) {
                    break;
                }
                size--;
            }
            int textWidth = Math.min(widest(lines, metrics), maxTextWidth);
            int textHeight = lines.size() * metrics.getHeight();
            int boxWidth = Math.min(w, textWidth + 2 * margin);
            int boxHeight = Math.min(h, textHeight + 2 * margin);
            int boxX = (w - boxWidth) / 2;
            int boxY = switch (placement) {
                case TOP -> Math.min(margin, h - boxHeight);
                case CENTER -> (h - boxHeight) / 2;
                case BOTTOM -> Math.max(0, h - boxHeight - margin);
            };
            Rectangle box = new Rectangle(boxX, boxY, boxWidth, boxHeight);
            g.setClip(box);
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, PLATE_ALPHA));
            g.setColor(Color.BLACK);
            g.fill(box);
            g.setComposite(AlphaComposite.SrcOver);
            g.setColor(Color.WHITE);
            g.setFont(font);
            int baseline = boxY + margin + metrics.getAscent();
            for (String line : lines) {
                int lineX = boxX + (boxWidth - metrics.stringWidth(line)) / 2;
                g.drawString(line, lineX, baseline);
                baseline += metrics.getHeight();
            }
            return new ComposedText(RgbImage.fromBufferedImage(canvas), box);
        } finally {
            g.dispose();
        }
    }

    private static int widest(List<String> lines, FontMetrics metrics) {
        return lines.stream().mapToInt(metrics::stringWidth).max().orElse(0);
    }

    /** Greedy word wrap; a word wider than the line stays whole on its own line. */
    private static List<String> wrap(String text, FontMetrics metrics, int maxWidth) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && metrics.stringWidth(candidate) > maxWidth) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(candidate);
            }
        }
        lines.add(line.toString());
        return lines;
    }
}
