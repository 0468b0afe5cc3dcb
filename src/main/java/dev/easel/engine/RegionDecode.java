package dev.easel.engine;

/**
 * Which latents a masked edit decodes. Only the latents that can change (the mask's bounding box
 * and its feather) need pixels, but the decoder looks around each latent, so the crop carries
 * {@link #CONTEXT} latents of context each side; its pixels there are decoded and dropped. The decode of a crop is not bit-identical to the full decode even inside the mask:
 * SD's VAE decoder normalises (GroupNorm) over, and attends (the mid-block self-attention)
 * across, all of its input, so the numbers inside differ slightly (measured in
 * {@code easel bench edits}); outside the feather the source pixels are pasted back exactly
 * either way. The whole grid is decoded when the export fixes its input size, when the mask
 * changes nothing, or when the crop would not be clearly cheaper.
 */
final class RegionDecode {
    /**
     * Latents of context on each side of the changing area. The convolutions of SD's decoder see
     * about 17 latents each way (11 at latent resolution, 3.5, 1.75 and 0.9 more at ×2, ×4, ×8),
     * but what the crop loses is mostly the global statistics: on the random-weight sd15 benchmark
     * model the masked area of a 512×512 picture's centre ninth is at 37.3, 37.9, 37.3, 39.8 and
     * 43.4 dB PSNR against the full decode with 2, 4, 8, 12 and 18 latents (19 to 88% of the grid
     * decoded), a corner twelfth at 30.7, 32.7, 36.6, 37.3 and 39.7 dB: 8 is past the knee.
     */
    static final int CONTEXT = 8;

    /** A crop above this share of the latent grid is decoded whole (the saving would not pay). */
    static final double MAX_SHARE = 0.6;

    private RegionDecode() {}

    /** The latents to decode for {@code geometry} with a decoder that does (or does not) take any size. */
    static LatentRegion region(MaskGeometry geometry, boolean decoderTakesAnySize) {
        int lw = geometry.width / 8;
        int lh = geometry.height / 8;
        LatentRegion whole = LatentRegion.whole(lw, lh);
        if (!decoderTakesAnySize) {
            return whole;
        }
        return geometry.changeBounds()
                .map(bounds -> bounds.grown(CONTEXT, lw, lh))
                .filter(crop -> crop.area() < MAX_SHARE * whole.area())
                .orElse(whole);
    }
}
