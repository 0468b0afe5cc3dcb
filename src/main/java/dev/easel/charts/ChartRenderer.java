package dev.easel.charts;

import dev.easel.media.RgbImage;
import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.labels.StandardPieSectionLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PiePlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.AreaRendererEndType;
import org.jfree.chart.renderer.category.AreaRenderer;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.CandlestickRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.general.DefaultPieDataset;

/**
 * Draws a {@link ChartSpec} with JFreeChart into an {@link RgbImage}. Shapes are drawn without
 * antialiasing (bar tops and candle edges land on whole pixels, so the picture is exact and the
 * same every run); text is antialiased. Works headless: rendering sets {@code
 * java.awt.headless=true} unless the process chose otherwise. Stateless and thread-safe: each
 * call builds its own chart.
 */
public final class ChartRenderer {
    private static final String FONT = Font.SANS_SERIF;

    private ChartRenderer() {}

    public static RenderedChart render(ChartSpec spec) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        int fontScale = Math.max(8, Math.min(spec.width(), spec.height()) / 40);
        JFreeChart chart = switch (spec.kind()) {
            case BAR, LINE, AREA -> categoryChart(spec, fontScale);
            case PIE -> pieChart(spec, fontScale);
            case CANDLESTICK -> candleChart(spec, fontScale);
        };
        chart.setBackgroundPaint(Palette.BACKGROUND);
        chart.setAntiAlias(false);
        chart.setTextAntiAlias(RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        chart.setPadding(new RectangleInsets(8, 8, 8, 8));
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(new Font(FONT, Font.BOLD, fontScale * 2));
            chart.getTitle().setPaint(Palette.TEXT);
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(new Font(FONT, Font.PLAIN, fontScale + 2));
            chart.getLegend().setFrame(new org.jfree.chart.block.BlockBorder(Palette.BACKGROUND));
        }
        if (!spec.source().isEmpty()) {
            TextTitle source = new TextTitle(sourceLine(spec.source()), new Font(FONT, Font.PLAIN, fontScale + 1));
            source.setPosition(RectangleEdge.BOTTOM);
            source.setHorizontalAlignment(HorizontalAlignment.LEFT);
            source.setPaint(Palette.TEXT);
            source.setPadding(new RectangleInsets(6, 2, 0, 2));
            chart.addSubtitle(0, source); // index 0: drawn first, so it sits below the legend
        }

        BufferedImage canvas = new BufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_INT_RGB);
        ChartRenderingInfo info = new ChartRenderingInfo();
        Graphics2D g = canvas.createGraphics();
        try {
            chart.draw(g, new Rectangle2D.Double(0, 0, spec.width(), spec.height()), info);
        } finally {
            g.dispose();
        }
        Rectangle2D dataArea = (Rectangle2D) info.getPlotInfo().getDataArea().clone();
        RgbImage image = RgbImage.fromBufferedImage(canvas);
        return switch (chart.getPlot()) {
            case CategoryPlot plot -> {
                int count = plot.getCategories().size();
                CategoryAxis domain = plot.getDomainAxis();
                yield new RenderedChart(
                        image,
                        dataArea,
                        v -> plot.getRangeAxis().valueToJava2D(v, dataArea, plot.getRangeAxisEdge()),
                        i -> domain.getCategoryMiddle(i, count, dataArea, plot.getDomainAxisEdge()));
            }
            case XYPlot plot ->
                new RenderedChart(
                        image,
                        dataArea,
                        v -> plot.getRangeAxis().valueToJava2D(v, dataArea, plot.getRangeAxisEdge()),
                        i -> plot.getDomainAxis().valueToJava2D(i, dataArea, plot.getDomainAxisEdge()));
            default -> new RenderedChart(image, dataArea, v -> Double.NaN, i -> Double.NaN);
        };
    }

    private static String sourceLine(String source) {
        return source.regionMatches(true, 0, "source:", 0, 7) ? source : "Source: " + source;
    }

    private static String orNull(String text) {
        return text.isEmpty() ? null : text; // JFreeChart's "no title"
    }

    private static JFreeChart categoryChart(ChartSpec spec, int fontScale) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Series s : spec.series()) {
            for (Series.Point p : ((Series.Values) s).points()) {
                data.addValue(p.value(), s.name(), p.label());
            }
        }
        String title = orNull(spec.title());
        String x = orNull(spec.axes().x());
        String y = orNull(spec.axes().valueAxisTitle());
        boolean legend = spec.series().size() > 1;
        JFreeChart chart = switch (spec.kind()) {
            case LINE ->
                ChartFactory.createLineChart(title, x, y, data, PlotOrientation.VERTICAL, legend, false, false);
            case AREA ->
                ChartFactory.createAreaChart(title, x, y, data, PlotOrientation.VERTICAL, legend, false, false);
            default -> ChartFactory.createBarChart(title, x, y, data, PlotOrientation.VERTICAL, legend, false, false);
        };
        CategoryPlot plot = chart.getCategoryPlot();
        stylePlot(plot);
        styleAxis(plot.getDomainAxis(), fontScale);
        styleAxis(plot.getRangeAxis(), fontScale);
        plot.getDomainAxis().setMaximumCategoryLabelLines(2);
        switch (plot.getRenderer()) {
            case BarRenderer bars -> {
                bars.setBarPainter(new StandardBarPainter());
                bars.setShadowVisible(false);
                bars.setDrawBarOutline(false);
            }
            case LineAndShapeRenderer lines -> {
                lines.setDefaultShapesVisible(true);
                lines.setDefaultStroke(new BasicStroke(2f));
                lines.setAutoPopulateSeriesStroke(false);
            }
            case AreaRenderer area -> {
                // Level ends: the outline stays at the first and last values out to the plot's edges.
                area.setEndType(AreaRendererEndType.LEVEL);
                plot.setForegroundAlpha(spec.series().size() > 1 ? 0.6f : 1f);
            }
            default -> {}
        }
        for (int i = 0; i < spec.series().size(); i++) {
            plot.getRenderer().setSeriesPaint(i, Palette.series(i));
        }
        return chart;
    }

    private static JFreeChart pieChart(ChartSpec spec, int fontScale) {
        DefaultPieDataset<String> data = new DefaultPieDataset<>();
        List<Series.Point> points = ((Series.Values) spec.series().getFirst()).points();
        for (Series.Point p : points) {
            data.setValue(p.label(), p.value());
        }
        JFreeChart chart = ChartFactory.createPieChart(orNull(spec.title()), data, true, false, false);
        @SuppressWarnings("unchecked")
        PiePlot<String> plot = (PiePlot<String>) chart.getPlot();
        plot.setBackgroundPaint(Palette.BACKGROUND);
        plot.setOutlineVisible(false);
        plot.setShadowPaint(null);
        plot.setCircular(true);
        plot.setStartAngle(90); // 12 o'clock, then clockwise
        plot.setDefaultSectionOutlinePaint(Palette.BACKGROUND);
        plot.setLabelFont(new Font(FONT, Font.PLAIN, fontScale + 1));
        plot.setLabelBackgroundPaint(Palette.BACKGROUND);
        plot.setLabelGenerator(new StandardPieSectionLabelGenerator("{0}: {1} ({2})"));
        for (int i = 0; i < points.size(); i++) {
            plot.setSectionPaint(points.get(i).label(), Palette.series(i));
        }
        return chart;
    }

    private static JFreeChart candleChart(ChartSpec spec, int fontScale) {
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (Series s : spec.series()) {
            for (Series.Candle c : ((Series.Candles) s).candles()) {
                positions.putIfAbsent(c.label(), positions.size());
            }
        }
        SymbolAxis domain =
                new SymbolAxis(orNull(spec.axes().x()), positions.keySet().toArray(String[]::new));
        domain.setGridBandsVisible(false);
        NumberAxis range = new NumberAxis(orNull(spec.axes().valueAxisTitle()));
        range.setAutoRangeIncludesZero(false);
        CandlestickRenderer renderer = new CandlestickRenderer();
        renderer.setUpPaint(Palette.UP);
        renderer.setDownPaint(Palette.DOWN);
        renderer.setUseOutlinePaint(false);
        renderer.setAutoPopulateSeriesPaint(false);
        renderer.setDefaultPaint(Palette.WICK);
        renderer.setDefaultStroke(new BasicStroke(1f));
        renderer.setAutoPopulateSeriesStroke(false);
        renderer.setDrawVolume(false);
        XYPlot plot = new XYPlot(new CandleDataset(spec.series(), positions), domain, range, renderer);
        plot.setDomainGridlinesVisible(false);
        stylePlot(plot);
        styleAxis(domain, fontScale);
        styleAxis(range, fontScale);
        // Half a slot of room left and right, so the first and last candles are whole.
        domain.setRange(-0.5, positions.size() - 0.5);
        return new JFreeChart(
                orNull(spec.title()),
                new Font(FONT, Font.BOLD, fontScale * 2),
                plot,
                spec.series().size() > 1);
    }

    private static void stylePlot(org.jfree.chart.plot.Plot plot) {
        plot.setBackgroundPaint(Palette.BACKGROUND);
        plot.setOutlineVisible(false);
        BasicStroke grid = new BasicStroke(1f);
        switch (plot) {
            case CategoryPlot p -> {
                p.setRangeGridlinePaint(Palette.GRID);
                p.setRangeGridlineStroke(grid);
            }
            case XYPlot p -> {
                p.setRangeGridlinePaint(Palette.GRID);
                p.setRangeGridlineStroke(grid);
            }
            default -> {}
        }
    }

    private static void styleAxis(org.jfree.chart.axis.Axis axis, int fontScale) {
        axis.setLabelFont(new Font(FONT, Font.PLAIN, fontScale + 2));
        axis.setTickLabelFont(new Font(FONT, Font.PLAIN, fontScale));
        axis.setLabelPaint(Palette.TEXT);
        axis.setTickLabelPaint(Palette.TEXT);
    }
}
