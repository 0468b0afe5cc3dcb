package dev.easel.charts;

import dev.easel.media.RgbImage;
import java.awt.geom.Rectangle2D;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;

/**
 * A drawn chart and where its data went, so that a test (or a caller placing annotations) can
 * check pixels against values. {@code dataArea} is the plot's data rectangle in image pixels;
 * {@code valueToY} maps a value on the value axis to its y pixel, {@code categoryToX} the i-th
 * category or candle (in order of first appearance across the series) to the x pixel of its
 * centre. A pie has neither axis: both functions return NaN, and its centre is the data area's.
 */
public record RenderedChart(
        RgbImage image, Rectangle2D dataArea, DoubleUnaryOperator valueToY, IntToDoubleFunction categoryToX) {}
