package dev.easel.engine;

import dev.easel.engine.sched.Schedule;
import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import java.util.Arrays;
import java.util.Optional;

/**
 * What an edit adds to a run: the source latents the run starts from (img2img), and for masked
 * edits the three layers that keep everything outside the mask (re-noised source latents put back
 * after every step, exact source latents after the last, source pixels pasted back through a
 * feathered alpha after decoding). For a text-to-image run every method is the identity.
 */
final class EditState {
    private final Optional<Latents> source;
    private final Optional<RgbImage> sourcePixels;
    private final Optional<MaskGeometry> mask;
    private final double strength;
    private final Optional<float[]> inpaintExtra;
    private final boolean sourceReused;

    private EditState(
            Optional<Latents> source,
            Optional<RgbImage> sourcePixels,
            Optional<MaskGeometry> mask,
            double strength,
            Optional<float[]> inpaintExtra,
            boolean sourceReused) {
        this.source = source;
        this.sourcePixels = sourcePixels;
        this.mask = mask;
        this.strength = strength;
        this.inpaintExtra = inpaintExtra;
        this.sourceReused = sourceReused;
    }

    /** True when the source latents were given or cached rather than encoded now. */
    boolean sourceReused() {
        return sourceReused;
    }

    /** Cache key of uploaded pixels: model, content hash and size (the encoder's output depends on all three). */
    static String pixelKey(DiffusionModel model, RgbImage pixels) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(pixels.rgb());
            return "pixels:" + model.name + ":" + java.util.HexFormat.of().formatHex(digest) + ":" + pixels.width()
                    + "x" + pixels.height();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static EditState of(Init init, DiffusionModel model, StageTimings timings) {
        return switch (init) {
            case Init.Noise() -> {
                if (model.unetChannels == 9) {
                    throw new UnsupportedOperationException("model '" + model.name
                            + "' has an inpainting UNet: it edits images but cannot start from noise alone");
                }
                yield new EditState(Optional.empty(), Optional.empty(), Optional.empty(), 1.0, Optional.empty(), false);
            }
            case Init.Edit(SourceImage src, double strength, Init.MaskChoice choice) -> {
                boolean reused = true;
                Latents latents;
                switch (src) {
                    case SourceImage.Known known -> latents = known.latents();
                    case SourceImage.PixelsOnly pixels -> {
                        String key = pixelKey(model, pixels.pixels());
                        Optional<Latents> cached = model.caches.pixelLatents(key);
                        reused = cached.isPresent();
                        latents = cached.orElseGet(() -> LatentCodec.encode(model, pixels.pixels(), timings));
                        if (!reused) {
                            model.caches.putEncodedLatents(key, latents);
                        }
                    }
                }
                Optional<MaskGeometry> geometry = switch (choice) {
                    case Init.WholeImage() -> Optional.empty();
                    case Init.Masked(Mask m) -> Optional.of(checked(m, src.pixels()));
                };
                Optional<float[]> extra = model.unetChannels == 9
                        ? Optional.of(inpaintChannels(model, geometry, src.pixels(), timings))
                        : Optional.empty();
                yield new EditState(Optional.of(latents), Optional.of(src.pixels()), geometry, strength, extra, reused);
            }
        };
    }

    Optional<Latents> source() {
        return source;
    }

    /** img2img runs only the last max(1, int(steps × strength)) steps. */
    int startIndex(int steps) {
        if (source.isEmpty()) {
            return 0;
        }
        return steps - Math.max(1, (int) (steps * strength));
    }

    /** A 9-channel inpainting UNet takes the mask and the masked image's latents after the sample. */
    float[] unetInput(float[] scaledSample) {
        if (inpaintExtra.isEmpty()) {
            return scaledSample;
        }
        float[] extra = inpaintExtra.get();
        float[] out = Arrays.copyOf(scaledSample, scaledSample.length + extra.length);
        System.arraycopy(extra, 0, out, scaledSample.length, extra.length);
        return out;
    }

    /** Layer 1: outside the mask, the source latents noised to the level of step {@code next}. */
    float[] afterStep(float[] sample, Schedule plan, float[] noise, int next) {
        if (mask.isEmpty()) {
            return sample;
        }
        return mask.get()
                .blendLatents(sample, plan.addNoise(source.orElseThrow().data(), noise, next));
    }

    /** Layer 2: outside the mask, exactly the source latents. */
    float[] keepOutside(float[] latents) {
        return mask.map(m -> m.blendLatents(latents, source.orElseThrow().data()))
                .orElse(latents);
    }

    /** Layer 3: outside the feathered mask, exactly the source pixels. */
    RgbImage composite(RgbImage decoded, StageTimings timings) {
        if (mask.isEmpty()) {
            return decoded;
        }
        long start = System.nanoTime();
        try {
            return mask.get().composite(decoded, sourcePixels.orElseThrow());
        } finally {
            timings.add(Stage.COMPOSITE, System.nanoTime() - start);
        }
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
    private static float[] inpaintChannels(
            DiffusionModel model, Optional<MaskGeometry> mask, RgbImage source, StageTimings timings) {
        int w = source.width();
        int h = source.height();
        byte[] blanked = source.rgb().clone();
        float[] latentMask;
        if (mask.isPresent()) {
            MaskGeometry g = mask.get();
            latentMask = g.latentMask;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (g.latentMask[(y / 8) * (w / 8) + x / 8] > 0) {
                        Arrays.fill(blanked, (y * w + x) * 3, (y * w + x) * 3 + 3, (byte) 128);
                    }
                }
            }
        } else {
            latentMask = new float[(w / 8) * (h / 8)];
            Arrays.fill(latentMask, 1f);
            Arrays.fill(blanked, (byte) 128);
        }
        Latents masked = LatentCodec.encode(model, new RgbImage(w, h, blanked), timings);
        float[] out = new float[latentMask.length + masked.data().length];
        System.arraycopy(latentMask, 0, out, 0, latentMask.length);
        System.arraycopy(masked.data(), 0, out, latentMask.length, masked.data().length);
        return out;
    }
}
