package dev.easel.charts;

import dev.easel.media.Resampling;
import dev.easel.media.RgbImage;
import java.awt.Rectangle;
import java.util.Objects;
import java.util.Optional;

/**
 * The poster case: exact graphics composited over a generated scene after the diffusion run, where
 * a diffusion model's lettering and numbers cannot be trusted. An optional chart is drawn exactly
 * ({@link ChartRenderer}) into an inset of 84 % of the width and half the height, in the half
 * away from the headline (the bottom, unless the headline is at the bottom); then the headline is
 * set over it all by {@link TextLayer}. Pixels outside the chart's inset and the headline's box are
 * the scene's, byte for byte.
 */
public final class Poster {
    /** The smallest inset a chart is drawn into; a smaller scene gets no chart. */
    static final int MIN_INSET = 16;

    private Poster() {}

    /**
     * What to set over a scene.
     *
     * @param headline exact text set in type, empty for none
     * @param placement where the headline goes
     * @param chart a chart to draw in the inset; its own width and height are replaced by the inset's
     */
    public record Overlay(Optional<String> headline, Placement placement, Optional<ChartSpec> chart) {
        public Overlay {
            Objects.requireNonNull(headline, "headline");
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(chart, "chart");
            headline = headline.map(String::strip).filter(h -> !h.isEmpty());
            headline.ifPresent(h -> ChartSpecException.checkText("headline", h));
        }

        public boolean isEmpty() {
            return headline.isEmpty() && chart.isEmpty();
        }

        /** The overlay in words, appended to the scene's prompt in the image's revised_prompt. */
        public String describe() {
            StringBuilder d = new StringBuilder();
            headline.ifPresent(h -> d.append("Headline set in type at the ")
                    .append(placement.name().toLowerCase(java.util.Locale.ROOT))
                    .append(": \"")
                    .append(h)
                    .append("\"."));
            chart.ifPresent(c -> d.append(d.isEmpty() ? "" : " ")
                    .append("Drawn over the scene: ")
                    .append(ChartSpecs.describe(c)));
            return d.toString();
        }
    }

    /** The composed image, and the boxes outside which no pixel of the scene changed. */
    public record Composed(RgbImage image, Optional<Rectangle> chartBox, Optional<Rectangle> headlineBox) {}

    public static Composed compose(RgbImage scene, Overlay overlay) {
        RgbImage image = scene;
        Optional<Rectangle> chartBox = Optional.empty();
        if (overlay.chart().isPresent()) {
            Rectangle inset = inset(scene.width(), scene.height(), overlay.placement());
            if (inset.width >= MIN_INSET && inset.height >= MIN_INSET) {
                image = paste(image, chart(overlay.chart().get(), inset.width, inset.height), inset.x, inset.y);
                chartBox = Optional.of(inset);
            }
        }
        Optional<Rectangle> headlineBox = Optional.empty();
        if (overlay.headline().isPresent()) {
            ComposedText text = TextLayer.compose(image, overlay.headline().get(), overlay.placement());
            image = text.image();
            headlineBox = Optional.of(text.box());
        }
        return new Composed(image, chartBox, headlineBox);
    }

    /** Where the chart goes: centred across, in the bottom half (the top half when the headline is at the bottom). */
    static Rectangle inset(int width, int height, Placement headline) {
        int margin = Math.max(2, Math.min(width, height) / 32);
        int w = Math.round(width * 0.84f);
        int h = Math.min(height / 2, height - 2 * margin);
        int x = (width - w) / 2;
        int y = headline == Placement.BOTTOM ? margin : height - margin - h;
        return new Rectangle(x, y, w, h);
    }

    /** The chart drawn at the inset's size (at least the renderer's smallest, then scaled down to fit). */
    private static RgbImage chart(ChartSpec spec, int width, int height) {
        int w = Math.max(ChartSpec.MIN_SIZE, Math.min(width, ChartSpec.MAX_SIZE));
        int h = Math.max(ChartSpec.MIN_SIZE, Math.min(height, ChartSpec.MAX_SIZE));
        ChartSpec sized = new ChartSpec(spec.kind(), spec.title(), spec.axes(), spec.series(), spec.source(), w, h);
        RgbImage drawn = ChartRenderer.render(sized).image();
        return w == width && h == height ? drawn : Resampling.resize(drawn, width, height);
    }

    private static RgbImage paste(RgbImage into, RgbImage part, int x0, int y0) {
        byte[] rgb = into.rgb().clone();
        for (int y = 0; y < part.height(); y++) {
            System.arraycopy(
                    part.rgb(), y * part.width() * 3, rgb, ((y0 + y) * into.width() + x0) * 3, part.width() * 3);
        }
        return new RgbImage(into.width(), into.height(), rgb);
    }
}
