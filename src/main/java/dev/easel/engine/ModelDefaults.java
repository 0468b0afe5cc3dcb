package dev.easel.engine;

import dev.easel.engine.sched.SchedulerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model's sensible settings: from Easel's optional {@code easel.json} in the model folder
 * ({@code steps}, {@code guidance_scale}, {@code scheduler}, {@code width}, {@code height}),
 * else guessed from the scheduler (LCM → 4 steps, no guidance) and the folder name ("turbo" →
 * 4 steps, no guidance), else Stable Diffusion's usual 25 steps at guidance 7.5.
 */
public record ModelDefaults(int steps, double guidanceScale, SchedulerKind scheduler, int width, int height) {

    static ModelDefaults read(Path folder, SchedulerKind modelScheduler, int nativeSize) {
        boolean fast = modelScheduler == SchedulerKind.LCM
                || folder.getFileName()
                        .toString()
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("turbo");
        ModelDefaults guessed =
                new ModelDefaults(fast ? 4 : 25, fast ? 0.0 : 7.5, modelScheduler, nativeSize, nativeSize);
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
