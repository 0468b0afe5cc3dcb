package dev.easel.engine;

import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a run's {@link Init} adds to it: where denoising starts, the layers that keep what lies
 * outside a mask, and what an inpainting UNet takes besides the sample. For a text-to-image run
 * these are pure noise, identities and nothing.
 */
record EditState(EditStart start, MaskLayers layers, InpaintConditioning inpaint) {

    /**
     * Prepares {@code init} for {@code model}: an uploaded source's latents come from the cache or
     * the VAE encoder (and are cached), a given source's are used as they are.
     */
    static EditState of(Init init, DiffusionModel model, StageTimings timings) {
        return switch (init) {
            case Init.Noise() -> {
                if (model.unet.inpainting()) {
                    throw new UnsupportedOperationException("model '" + model.name
                            + "' has an inpainting UNet: it edits images but cannot start from noise alone");
                }
                yield new EditState(
                        new EditStart.FromNoise(), new MaskLayers.Unmasked(), new InpaintConditioning.None());
            }
            case Init.Edit edit -> {
                EditStart.FromSource start = fromSource(model, edit, timings);
                SourceImage src = edit.source();
                MaskLayers layers = switch (edit.mask()) {
                    case Init.WholeImage() -> new MaskLayers.Unmasked();
                    case Init.Masked(Mask m) ->
                        new MaskLayers.Masked(checked(m, src.pixels()), start.latents(), src.pixels());
                };
                InpaintConditioning inpaint = model.unet.inpainting()
                        ? maskAndSource(model, layers, src.pixels(), timings)
                        : new InpaintConditioning.None();
                yield new EditState(start, layers, inpaint);
            }
        };
    }

    /** Where an edit of {@code edit}'s source starts: its latents, from the source, the cache or the encoder. */
    static EditStart.FromSource fromSource(DiffusionModel model, Init.Edit edit, StageTimings timings) {
        return switch (edit.source()) {
            case SourceImage.Known known -> new EditStart.FromSource(known.latents(), edit.strength(), true);
            case SourceImage.PixelsOnly pixels -> {
                String key = EngineCaches.pixelKey(model.name, pixels.pixels());
                Optional<Latents> cached = model.caches.pixelLatents(key);
                Latents latents = cached.orElseGet(() -> model.encoder().encode(pixels.pixels(), timings));
                if (cached.isEmpty()) {
                    model.caches.putEncodedLatents(key, latents);
                }
                yield new EditStart.FromSource(latents, edit.strength(), cached.isPresent());
            }
        };
    }

    private static MaskGeometry checked(Mask m, RgbImage pixels) {
        if (m.width() != pixels.width() || m.height() != pixels.height()) {
            throw new IllegalArgumentException("mask is " + m.width() + "x" + m.height() + " but the image is "
                    + pixels.width() + "x" + pixels.height());
        }
        return new MaskGeometry(m);
    }

    /**
     * The 5 extra channels of an inpainting UNet: the latent mask (1 = repaint) and the latents of
     * the source with the repainted area blanked to mid-grey; without a mask, all of the picture
     * is repainted.
     */
    private static InpaintConditioning maskAndSource(
            DiffusionModel model, MaskLayers layers, RgbImage source, StageTimings timings) {
        int w = source.width();
        int h = source.height();
        float[] latentMask = layers.latentMask(w, h);
        byte[] blanked = source.rgb().clone();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (latentMask[(y / 8) * (w / 8) + x / 8] > 0) {
                    Arrays.fill(blanked, (y * w + x) * 3, (y * w + x) * 3 + 3, (byte) 128);
                }
            }
        }
        Latents masked = model.encoder().encode(new RgbImage(w, h, blanked), timings);
        float[] out = new float[latentMask.length + masked.data().length];
        System.arraycopy(latentMask, 0, out, 0, latentMask.length);
        System.arraycopy(masked.data(), 0, out, latentMask.length, masked.data().length);
        return new InpaintConditioning.MaskAndSource(new Latents(5, h / 8, w / 8, out));
    }
}
