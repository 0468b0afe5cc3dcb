package dev.easel.media;

/**
 * Where an edit may change the picture: {@code values[y·width + x]} is 1 where the pixel is to be
 * regenerated and 0 where it must stay. (OpenAI's mask PNGs mark the area to change with
 * transparent pixels; the API layer converts.) Values between are treated as "change" at ≥ 0.5.
 */
public record Mask(int width, int height, float[] values) {
    public Mask {
        if (width <= 0 || height <= 0 || values.length != width * height) {
            throw new IllegalArgumentException("mask size does not match its values");
        }
    }

    public boolean changes(int x, int y) {
        return values[y * width + x] >= 0.5f;
    }

    /** True if no pixel is marked for change. */
    public boolean isEmpty() {
        for (float v : values) {
            if (v >= 0.5f) {
                return false;
            }
        }
        return true;
    }
}
