package dev.easel.engine;

/**
 * One image's latents in the UNet's space (already multiplied by the VAE scaling factor), planar
 * [channels, height, width]. Returned with every generated image so that a later edit can start
 * from them without a decode/encode round trip. Owned by the record: do not modify {@code data}.
 */
public record Latents(int channels, int height, int width, float[] data) {
    public Latents {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("latent shape must be positive");
        }
        if (data.length != channels * height * width) {
            throw new IllegalArgumentException(
                    "latents have " + data.length + " values, expected " + channels * height * width);
        }
    }

    /** The latents of {@code region}, every channel; this record itself for the whole grid. */
    Latents crop(LatentRegion region) {
        if (region.equals(LatentRegion.whole(width, height))) {
            return this;
        }
        if (region.x() + region.width() > width || region.y() + region.height() > height) {
            throw new IllegalArgumentException(
                    "region " + region + " lies outside " + width + "x" + height + " latents");
        }
        float[] out = new float[channels * region.area()];
        for (int c = 0; c < channels; c++) {
            for (int row = 0; row < region.height(); row++) {
                System.arraycopy(
                        data,
                        (c * height + region.y() + row) * width + region.x(),
                        out,
                        (c * region.height() + row) * region.width(),
                        region.width());
            }
        }
        return new Latents(channels, region.height(), region.width(), out);
    }

    /** A copy of these latents with {@code part} (as cropped by {@link #crop}) written back at {@code region}. */
    Latents pasted(Latents part, LatentRegion region) {
        if (part.channels != channels || part.width != region.width() || part.height != region.height()) {
            throw new IllegalArgumentException(
                    "latents of " + part.width + "x" + part.height + " do not fill " + region);
        }
        float[] out = data.clone();
        for (int c = 0; c < channels; c++) {
            for (int row = 0; row < region.height(); row++) {
                System.arraycopy(
                        part.data,
                        (c * region.height() + row) * region.width(),
                        out,
                        (c * height + region.y() + row) * width + region.x(),
                        region.width());
            }
        }
        return new Latents(channels, height, width, out);
    }

    /** Size in bytes, for cache accounting. */
    public long bytes() {
        return (long) data.length * Float.BYTES;
    }

    /** A compact little-endian form: channels, height, width, then the floats. */
    public byte[] toBytes() {
        java.nio.ByteBuffer b =
                java.nio.ByteBuffer.allocate(12 + data.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(channels).putInt(height).putInt(width);
        b.asFloatBuffer().put(data);
        return b.array();
    }

    public static Latents fromBytes(byte[] bytes) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int c = b.getInt();
        int h = b.getInt();
        int w = b.getInt();
        float[] values = new float[Math.multiplyExact(Math.multiplyExact(c, h), w)];
        b.asFloatBuffer().get(values);
        return new Latents(c, h, w, values);
    }
}
