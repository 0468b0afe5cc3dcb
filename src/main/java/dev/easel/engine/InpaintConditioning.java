package dev.easel.engine;

import java.util.Arrays;

/**
 * What an inpainting UNet (9 input channels) takes after the sample: the latent mask and the
 * latents of the source with the repainted area blanked. A plain UNet (4 channels) takes nothing.
 */
sealed interface InpaintConditioning {

    /** The UNet's {@code sample} input for the scaled latents {@code scaled}, [channels, h, w] flat. */
    float[] sampleInput(float[] scaled);

    /** Input channels of the UNet this conditioning is for: 4, or 9. */
    int unetChannels();

    /** A plain UNet: the sample is the scaled latents alone. */
    record None() implements InpaintConditioning {
        @Override
        public float[] sampleInput(float[] scaled) {
            return scaled;
        }

        @Override
        public int unetChannels() {
            return 4;
        }
    }

    /** Five channels appended to the sample: the latent mask (1 = repaint), then the masked source's latents. */
    record MaskAndSource(Latents channels) implements InpaintConditioning {
        public MaskAndSource {
            if (channels.channels() != 5) {
                throw new IllegalArgumentException(
                        "inpainting conditioning has 5 channels, not " + channels.channels());
            }
        }

        @Override
        public float[] sampleInput(float[] scaled) {
            float[] extra = channels.data();
            float[] out = Arrays.copyOf(scaled, scaled.length + extra.length);
            System.arraycopy(extra, 0, out, scaled.length, extra.length);
            return out;
        }

        @Override
        public int unetChannels() {
            return 9;
        }
    }
}
