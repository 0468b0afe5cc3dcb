package dev.easel;

import dev.easel.Config.Setting;
import dev.easel.engine.BatchMode;
import dev.easel.engine.EngineTuning;
import dev.easel.engine.FinalDecoder;
import dev.easel.engine.InpaintArea;
import dev.easel.engine.MemoryMode;
import dev.easel.engine.UnetPrecision;
import java.util.List;

/** The {@code engine.*} settings (the end of {@link ConfigTable}'s table) and the {@link EngineTuning} they make. */
final class EngineSettings {
    private EngineSettings() {}

    static final Setting<MemoryMode> ENGINE_MEMORY = Setting.of(
            "engine.memory",
            "auto|fast|low",
            "Guided UNet calls: fast batches both passes, low runs them one after the other (same pixels,"
                    + " half the activations); auto picks low when memory is short.",
            MemoryMode::parse,
            c -> c.engine().memory());
    static final Setting<UnetPrecision> ENGINE_UNET_PRECISION = Setting.of(
            "engine.unet_precision",
            "fp32|int8",
            "Default UNet copy; int8 quantizes the MatMul weights once at first use (faster on CPU, small error).",
            UnetPrecision::parse,
            c -> c.engine().precision());
    static final Setting<FinalDecoder> ENGINE_FINAL_DECODER = Setting.of(
            "engine.final_decoder",
            "vae|taesd",
            "Default final decoder; taesd (where the model has one) is much faster, less detailed.",
            FinalDecoder::parse,
            c -> c.engine().decoder());
    static final Setting<Double> ENGINE_GUIDANCE_INTERVAL = Setting.of(
            "engine.guidance_interval",
            "FRACTION",
            "Middle fraction of the steps that get classifier-free guidance, in (0, 1]; 1: every step.",
            SettingParsers::fraction,
            c -> c.engine().guidanceInterval());

    static final Setting<Boolean> ENGINE_FUSE_ATTENTION = Setting.of(
            "engine.fuse_attention",
            "true|false",
            "Run the UNet from a copy with attention fused (less memory); false: the file as it is.",
            SettingParsers::bool,
            c -> c.engine().fuseAttention());
    static final Setting<BatchMode> ENGINE_BATCH = Setting.of(
            "engine.batch",
            "auto|on|off",
            "Images of one shape share UNet calls (n > 1, concurrent requests); auto: where measured at load to pay.",
            BatchMode::parse,
            c -> c.engine().batch());
    static final Setting<Integer> ENGINE_MAX_BATCH = Setting.of(
            "engine.max_batch",
            "N",
            "The most images one batched UNet call holds.",
            t -> (int) SettingParsers.whole(t, 1, EngineTuning.MAX_BATCH_LIMIT),
            c -> c.engine().maxBatch());

    static final Setting<InpaintArea> ENGINE_INPAINT_AREA = Setting.of(
            "engine.inpaint_area",
            "whole_picture|around_mask",
            "What a masked edit's UNet denoises: the whole picture, or a crop around a small mask (much"
                    + " cheaper; the new content sees less of the picture). Pixels outside the mask stay exact.",
            InpaintArea::parse,
            c -> c.engine().inpaintArea());

    static final List<Setting<?>> ALL = List.of(
            ENGINE_MEMORY,
            ENGINE_UNET_PRECISION,
            ENGINE_FINAL_DECODER,
            ENGINE_GUIDANCE_INTERVAL,
            ENGINE_FUSE_ATTENTION,
            ENGINE_BATCH,
            ENGINE_MAX_BATCH,
            ENGINE_INPAINT_AREA);

    static EngineTuning tuning(ConfigTable.Values v) {
        return new EngineTuning(
                v.get(ENGINE_MEMORY),
                v.get(ENGINE_UNET_PRECISION),
                v.get(ENGINE_FINAL_DECODER),
                v.get(ENGINE_GUIDANCE_INTERVAL),
                v.get(ENGINE_FUSE_ATTENTION),
                v.get(ENGINE_BATCH),
                v.get(ENGINE_MAX_BATCH),
                v.get(ENGINE_INPAINT_AREA));
    }
}
