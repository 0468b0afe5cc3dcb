package dev.easel.engine;

/**
 * A rectangle of a latent grid, in latents (one latent is 8×8 pixels): columns {@code x} to
 * {@code x + width}, rows {@code y} to {@code y + height}, end exclusive.
 */
public record LatentRegion(int x, int y, int width, int height) {
    public LatentRegion {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "latent region " + width + "x" + height + " at (" + x + "," + y + ") is empty or negative");
        }
    }

    /** All of a {@code width}×{@code height} latent grid. */
    public static LatentRegion whole(int width, int height) {
        return new LatentRegion(0, 0, width, height);
    }

    public int area() {
        return width * height;
    }

    /** This region grown by {@code margin} latents on every side, clipped to a {@code w}×{@code h} grid. */
    LatentRegion grown(int margin, int w, int h) {
        int x0 = Math.max(0, x - margin);
        int y0 = Math.max(0, y - margin);
        int x1 = Math.min(w, x + width + margin);
        int y1 = Math.min(h, y + height + margin);
        return new LatentRegion(x0, y0, x1 - x0, y1 - y0);
    }
}
