package dev.easel.charts;

/** Where {@link TextLayer} sets its text: a band across the top, the middle or the bottom of the image. */
public enum Placement {
    TOP,
    CENTER,
    BOTTOM
}
