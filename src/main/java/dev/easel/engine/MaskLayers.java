package dev.easel.engine;

import dev.easel.media.RgbImage;
import java.util.Arrays;

/**
 * The three layers that keep everything outside an inpainting mask (shared/notes/engine-facts.md):
 * re-noised source latents put back after every step, exact source latents after the last, source
 * pixels pasted back through a feathered alpha after decoding. Without a mask each is the identity.
 * With one, only the latents around it are decoded where that is cheaper ({@link RegionDecode}).
 */
sealed interface MaskLayers {

    /** Layer 1: outside the mask, the source latents noised to the level of step {@code next}. */
    float[] afterStep(float[] sample, RunNoise noise, int next);

    /** Layer 2: outside the mask, exactly the source latents. */
    float[] keepOutside(float[] latents);

    /**
     * The final picture of {@code latents} (the whole grid): decoded by {@code decoder}, and
     * layer 3, outside the feathered mask exactly the source pixels, the paste timed as
     * {@link Stage#COMPOSITE}.
     */
    RgbImage decode(Latents latents, VaeDecoder decoder, StageTimings timings);

    /** Layer 3 for a picture decoded whole by another decoder (TAESD): outside the feathered mask, the source pixels. */
    RgbImage composite(RgbImage decoded, StageTimings timings);

    /** The latent mask, 1 where the picture may change, [h/8, w/8] of a {@code width}×{@code height} image. */
    float[] latentMask(int width, int height);

    /** A whole-image edit or a run from noise: everything may change. */
    record Unmasked() implements MaskLayers {
        @Override
        public float[] afterStep(float[] sample, RunNoise noise, int next) {
            return sample;
        }

        @Override
        public float[] keepOutside(float[] latents) {
            return latents;
        }

        @Override
        public RgbImage composite(RgbImage decoded, StageTimings timings) {
            return decoded;
        }

        @Override
        public RgbImage decode(Latents latents, VaeDecoder decoder, StageTimings timings) {
            return decoder.decode(latents, LatentRegion.whole(latents.width(), latents.height()), timings);
        }

        @Override
        public float[] latentMask(int width, int height) {
            float[] all = new float[(width / 8) * (height / 8)];
            Arrays.fill(all, 1f);
            return all;
        }
    }

    /** A masked edit of the source whose latents and pixels are kept outside {@code geometry}. */
    record Masked(MaskGeometry geometry, Latents source, RgbImage sourcePixels) implements MaskLayers {
        @Override
        public float[] afterStep(float[] sample, RunNoise noise, int next) {
            return geometry.blendLatents(sample, noise.at(source.data(), next));
        }

        @Override
        public float[] keepOutside(float[] latents) {
            return geometry.blendLatents(latents, source.data());
        }

        @Override
        public RgbImage composite(RgbImage decoded, StageTimings timings) {
            long start = System.nanoTime();
            try {
                return geometry.composite(
                        decoded, LatentRegion.whole(decoded.width() / 8, decoded.height() / 8), sourcePixels);
            } finally {
                timings.add(Stage.COMPOSITE, System.nanoTime() - start);
            }
        }

        @Override
        public RgbImage decode(Latents latents, VaeDecoder decoder, StageTimings timings) {
            LatentRegion region = RegionDecode.region(geometry, decoder.takesAnySize());
            RgbImage decoded = decoder.decode(latents, region, timings);
            long start = System.nanoTime();
            try {
                return geometry.composite(decoded, region, sourcePixels);
            } finally {
                timings.add(Stage.COMPOSITE, System.nanoTime() - start);
            }
        }

        @Override
        public float[] latentMask(int width, int height) {
            return geometry.latentMask;
        }
    }
}
