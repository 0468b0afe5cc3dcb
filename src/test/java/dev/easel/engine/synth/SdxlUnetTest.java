package dev.easel.engine.synth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The SDXL-shaped benchmark UNet has SDXL base's parameter count and SD 2.x's variant SD 2.1's. */
class SdxlUnetTest {
    /** diffusers' UNet2DConditionModel of stabilityai/stable-diffusion-xl-base-1.0. */
    private static final long SDXL_PARAMETERS = 2_567_463_684L;
    /** diffusers' UNet2DConditionModel of stabilityai/sd-turbo (SD 2.1's). */
    private static final long SD2_PARAMETERS = 865_910_724L;

    @Test
    void sdxlShapedUnetHasSdxlBasesParameterCount() throws Exception {
        assertThat(SdxlUnet.countParameters()).isEqualTo(SDXL_PARAMETERS);
    }

    @Test
    void sdTurboShapedUnetHasSd21sParameterCount() throws Exception {
        assertThat(Sd15Unet.countSd2Parameters()).isEqualTo(SD2_PARAMETERS);
    }
}
