package dev.easel.wire;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code usage.easel_engine}, an Easel extension: the speed options that changed how an image was
 * made (an int8 UNet, the TAESD decoder, guidance on part of the steps). Absent when none did, so
 * a default request's usage is exactly OpenAI's shape.
 *
 * @param unetPrecision {@code fp32} or {@code int8}
 * @param finalDecoder {@code vae} or {@code taesd}
 * @param guidanceInterval the middle fraction of the steps given guidance (1: all)
 * @param guidedSteps the steps that ran the unconditional pass too
 * @param inpaintArea {@code whole_picture}, or {@code around_mask} when a masked edit's UNet ran
 *     on a crop around the mask
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"unet_precision", "final_decoder", "guidance_interval", "guided_steps", "inpaint_area"})
public record EngineReport(
        String unetPrecision, String finalDecoder, double guidanceInterval, int guidedSteps, String inpaintArea) {}
