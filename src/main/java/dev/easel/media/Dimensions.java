package dev.easel.media;

/** An image's size in pixels, as read from its header. */
public record Dimensions(int width, int height) {
    public Dimensions {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("dimensions must be positive: " + width + "x" + height);
        }
    }

    /** As a long: 65535 × 65535 JPEGs overflow an int. */
    public long pixels() {
        return (long) width * height;
    }
}
