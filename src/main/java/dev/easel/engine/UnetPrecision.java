package dev.easel.engine;

import java.util.Locale;

/**
 * Which copy of the UNet a run uses: the model's float32 weights, or the int8 copy whose
 * MatMul weights are quantized at first use (an opt-in CPU speed and memory option; its numeric
 * error against float32 is measured by {@code easel bench --compare}).
 */
public enum UnetPrecision {
    FP32,
    INT8;

    public static UnetPrecision parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "fp32", "float32" -> FP32;
            case "int8" -> INT8;
            default -> throw new IllegalArgumentException("unet precision must be fp32 or int8: " + name);
        };
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
