package dev.easel.charts;

import java.awt.Color;

/**
 * Fixed colours, so that a chart is the same picture every time and a test can find a series by
 * its colour. None is grey: backgrounds, grid lines and text are, so "not grey" means "data".
 */
final class Palette {
    static final Color BACKGROUND = Color.WHITE;
    static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    static final Color TEXT = new Color(0x22, 0x22, 0x22);
    static final Color UP = new Color(0x2E, 0x9E, 0x4F);
    static final Color DOWN = new Color(0xD6, 0x3A, 0x3A);
    static final Color WICK = new Color(0x1F, 0x3A, 0x5F);

    private static final Color[] SERIES = {
        new Color(0x1F, 0x77, 0xB4),
        new Color(0xFF, 0x7F, 0x0E),
        new Color(0x2C, 0xA0, 0x2C),
        new Color(0xD6, 0x27, 0x28),
        new Color(0x94, 0x67, 0xBD),
        new Color(0x8C, 0x56, 0x4B),
        new Color(0xE3, 0x77, 0xC2),
        new Color(0xBC, 0xBD, 0x22),
        new Color(0x17, 0xBE, 0xCF),
        new Color(0x39, 0x3B, 0x79),
    };

    private Palette() {}

    /** The colour of series (or pie slice) {@code i}; past ten the colours repeat darker. */
    static Color series(int i) {
        Color c = SERIES[i % SERIES.length];
        return i < SERIES.length ? c : c.darker();
    }
}
