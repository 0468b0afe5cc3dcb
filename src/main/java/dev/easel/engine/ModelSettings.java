package dev.easel.engine;

import dev.easel.engine.sched.Schedule;
import dev.easel.engine.sched.Scheduler;
import dev.easel.engine.sched.SchedulerConfig;
import dev.easel.engine.sched.SchedulerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model folder's own settings, checked before it serves anything, so that no request fails on
 * them: the files {@code model_index.json} names, {@code scheduler/scheduler_config.json}, and
 * {@code easel.json}'s defaults against what the scheduler and the UNet can run. Every refusal is
 * a {@link ModelLoadException} that names the folder and the key.
 */
public final class ModelSettings {
    /** The sizes a model without a fixed latent size may default to (pixels a side, multiples of 8). */
    static final int MIN_SIZE = 64;

    static final int MAX_SIZE = 2048;

    /** The file each component that Easel loads must have, by the class model_index.json names for it. */
    private static final Map<String, List<String>> FILES_BY_CLASS = Map.of(
            "OnnxRuntimeModel", List.of("model.onnx"),
            "CLIPTokenizer", List.of("vocab.json", "merges.txt"),
            "CLIPTokenizerFast", List.of("vocab.json", "merges.txt"));

    /**
     * The components of model_index.json Easel loads; others (a safety checker and its feature
     * extractor, which {@code easel pull} does not fetch) may be named and absent, and so may the
     * optional ones' folders ({@link #OPTIONAL}), but not their files once the folder is there.
     */
    private static final List<String> LOADED = List.of(
            "text_encoder",
            "text_encoder_2",
            "tokenizer",
            "tokenizer_2",
            "scheduler",
            "unet",
            "vae_decoder",
            "vae_encoder");

    /** Components a model may go without (a VAE encoder: it then cannot edit). */
    private static final List<String> OPTIONAL = List.of("vae_encoder");

    private ModelSettings() {}

    /**
     * Checks {@code dir} without opening a session: what {@code model_index.json} names is there,
     * the scheduler config parses and runs, and {@code easel.json}'s defaults fit it. Sizes are
     * checked against every size a model may take; {@link #checkSizes} checks them against the
     * UNet once it is open.
     *
     * @return the defaults
     * @throws ModelLoadException naming the folder and the key that is wrong
     */
    public static ModelDefaults check(Path dir) {
        checkIndex(dir);
        SchedulerConfig config = schedulerConfig(dir);
        // The sampling as the files tell it without opening the UNet (an LCM export known only by its
        // UNet's timestep_cond is checked as standard here, and again as LCM when it loads).
        ModelDefaults defaults = ModelDefaults.read(
                dir,
                FamilyLayout.detect(dir),
                config,
                ModelDefaults.Sampling.of(dir, config, false),
                java.util.OptionalInt.empty());
        checkSteps(dir, defaults, config);
        checkSizes(dir, defaults, MIN_SIZE, MAX_SIZE);
        return defaults;
    }

    /**
     * The most steps {@code kind} runs on {@code config} with every timestep inside the training
     * table (LCM: at most {@code original_inference_steps}); 0 when it runs none.
     *
     * @throws IllegalArgumentException when the kind cannot run this config at all
     */
    static int maxSteps(SchedulerKind kind, SchedulerConfig config) {
        Scheduler scheduler = Scheduler.create(kind, config);
        int trained = config.numTrainTimesteps();
        int most = kind == SchedulerKind.LCM ? Math.min(config.originalInferenceSteps(), trained) : trained;
        for (int steps = most; steps >= 1; steps--) {
            if (runs(scheduler, steps, trained)) {
                return steps;
            }
        }
        return 0;
    }

    private static boolean runs(Scheduler scheduler, int steps, int trained) {
        try {
            Schedule plan = scheduler.schedule(steps);
            for (int i = 0; i < plan.steps(); i++) {
                float t = plan.timestep(i);
                if (!(t >= 0 && t <= trained - 1)) {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** The defaults' sizes against the sizes the model takes. */
    static void checkSizes(Path dir, ModelDefaults defaults, int minSize, int maxSize) {
        for (String key : List.of("width", "height")) {
            int side = key.equals("width") ? defaults.width() : defaults.height();
            if (side % 8 != 0 || side < minSize || side > maxSize) {
                throw new ModelLoadException("model folder " + dir + ": easel.json '" + key + "' is " + side
                        + ", but this model makes sides that are multiples of 8 from " + minSize + " to " + maxSize);
            }
        }
    }

    /** The default step count against the default scheduler; the most steps it runs. */
    static int checkSteps(Path dir, ModelDefaults defaults, SchedulerConfig config) {
        SchedulerKind kind = defaults.scheduler();
        int most;
        try {
            most = maxSteps(kind, config);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("model folder " + dir + ": easel.json 'scheduler' " + kind.apiName()
                    + " cannot run scheduler/scheduler_config.json: " + e.getMessage());
        }
        if (defaults.steps() < 1 || defaults.steps() > most) {
            String limit = kind == SchedulerKind.LCM
                    ? "original_inference_steps " + config.originalInferenceSteps() + " and num_train_timesteps "
                            + config.numTrainTimesteps()
                    : "num_train_timesteps " + config.numTrainTimesteps();
            throw new ModelLoadException("model folder " + dir + ": easel.json 'steps' is " + defaults.steps()
                    + ", but its scheduler (" + kind.apiName() + ", " + limit
                    + " in scheduler/scheduler_config.json) runs 1 to " + most + " steps");
        }
        return most;
    }

    static SchedulerConfig schedulerConfig(Path dir) {
        Path file = dir.resolve("scheduler/scheduler_config.json");
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(
                    dir + " is not a diffusers ONNX export: scheduler/scheduler_config.json" + " is missing");
        }
        try {
            return SchedulerConfig.read(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException("model folder " + dir + ": " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkIndex(Path dir) {
        Path file = dir.resolve("model_index.json");
        if (!Files.exists(file)) {
            return;
        }
        JsonNode index;
        try {
            index = JsonMapper.shared().readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            throw new ModelLoadException(
                    "model folder " + dir + ": cannot read model_index.json: " + e.getMessage(), e);
        }
        for (String component : LOADED) {
            JsonNode entry = index.path(component);
            if (!entry.isArray() || entry.size() != 2 || entry.get(1).isNull()) {
                continue;
            }
            String className = entry.get(1).asString();
            List<String> files = component.equals("scheduler")
                    ? List.of("scheduler_config.json")
                    : FILES_BY_CLASS.getOrDefault(className, List.of());
            Path folder = dir.resolve(component);
            if (!Files.isDirectory(folder) && OPTIONAL.contains(component)) {
                continue;
            }
            if (!Files.isDirectory(folder)) {
                throw missing(dir, component, className, component + "/");
            }
            for (String name : files) {
                if (!Files.isRegularFile(folder.resolve(name))) {
                    throw missing(dir, component, className, component + "/" + name);
                }
            }
        }
    }

    private static ModelLoadException missing(Path dir, String component, String className, String path) {
        return new ModelLoadException("model folder " + dir + ": model_index.json names '" + component + "' ("
                + className + "), but " + path + " is missing; pull the model again or remove '" + component
                + "' from model_index.json");
    }
}
