package dev.easel.engine;

import dev.easel.engine.sched.SchedulerConfig;
import dev.easel.engine.sched.SchedulerKind;
import dev.easel.engine.sched.TimestepSpacing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model's sensible settings: from Easel's optional {@code easel.json} in the model folder
 * ({@code steps}, {@code guidance_scale}, {@code scheduler}, {@code width}, {@code height}),
 * else told by the files ({@link Sampling#of}): LCM (an LCM scheduler, or a UNet taking
 * {@code timestep_cond}) → 4 steps without guidance; turbo (a scheduler with
 * {@code timestep_spacing: trailing}, as SD-Turbo's and SDXL-Turbo's are, or a folder named
 * "turbo") → 2 steps without guidance (quality low 1, high 3); else Stable Diffusion's usual 25 steps at guidance 7.5.
 * The size is the UNet's fixed size, else the family's (1024 for SDXL, 512 for SD 1.x/2.x and
 * for the turbo models, which were distilled at 512²).
 */
public record ModelDefaults(int steps, double guidanceScale, SchedulerKind scheduler, int width, int height) {

    /** How a model is meant to be sampled, as its files tell. */
    public enum Sampling {
        /** Tens of steps with classifier-free guidance. */
        STANDARD,
        /** Adversarially distilled (SD-Turbo, SDXL-Turbo) and other trailing-spaced few-step models: 1–4 steps, no guidance. */
        TURBO,
        /** Latent-consistency distilled (LCM, LCM-LoRA fused): 2–8 steps on the LCM scheduler. */
        LCM;

        /** What the folder's scheduler config, UNet and name say. */
        static Sampling of(Path folder, SchedulerConfig config, boolean embeddedGuidance) {
            if (embeddedGuidance || SchedulerKind.fromClassName(config.className()) == SchedulerKind.LCM) {
                return LCM;
            }
            boolean named =
                    folder.getFileName().toString().toLowerCase(Locale.ROOT).contains("turbo");
            return config.timestepSpacing() == TimestepSpacing.TRAILING || named ? TURBO : STANDARD;
        }
    }

    static ModelDefaults read(
            Path folder, ModelFamily family, SchedulerConfig config, Sampling sampling, OptionalInt fixedSize) {
        SchedulerKind modelScheduler = switch (sampling) {
            case LCM -> SchedulerKind.LCM;
            case STANDARD, TURBO -> SchedulerKind.fromClassName(config.className());
        };
        int size = fixedSize.orElse(sampling == Sampling.TURBO ? 512 : family.nativeSize());
        ModelDefaults guessed = switch (sampling) {
            case STANDARD -> new ModelDefaults(25, 7.5, modelScheduler, size, size);
            // 2 puts the quality presets at 1, 2 and 3 steps, inside the 1–4 that ADD-distilled
            // models (and the trailing-spaced 4-step distillations like them) are made for.
            case TURBO -> new ModelDefaults(2, 0.0, modelScheduler, size, size);
            case LCM -> new ModelDefaults(4, 0.0, modelScheduler, size, size);
        };
        Path file = folder.resolve("easel.json");
        if (!Files.exists(file)) {
            return guessed;
        }
        try {
            JsonNode json = JsonMapper.shared().readTree(Files.readString(file));
            return new ModelDefaults(
                    json.path("steps").asInt(guessed.steps),
                    json.path("guidance_scale").asDouble(guessed.guidanceScale),
                    json.has("scheduler")
                            ? SchedulerKind.parse(json.get("scheduler").asString())
                            : guessed.scheduler,
                    json.path("width").asInt(guessed.width),
                    json.path("height").asInt(guessed.height));
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
