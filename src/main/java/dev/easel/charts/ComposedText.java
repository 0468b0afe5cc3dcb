package dev.easel.charts;

import dev.easel.media.RgbImage;
import java.awt.Rectangle;

/** An image with text set on it, and the box (plate and text) outside which no pixel changed. */
public record ComposedText(RgbImage image, Rectangle box) {}
