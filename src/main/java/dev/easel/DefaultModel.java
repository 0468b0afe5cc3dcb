package dev.easel;

import dev.easel.engine.pull.HubClient;
import dev.easel.engine.pull.PullException;
import dev.easel.engine.pull.PullListener;
import dev.easel.engine.synth.SyntheticModel;
import dev.easel.images.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model every command runs when none is named, found one way for the server and the command
 * line alike: the configured {@code default_model}, else the first model folder in
 * {@code models_dir}; a models folder without any first gets {@code default_model_repo} from the
 * hub when it is reachable, else the built-in demo model, written on demand, with a loud notice
 * (logged, and shown by GET /v1/models).
 *
 * @param modelsDir the models folder
 * @param name the default model's folder name in it
 * @param notice set when the demo model stands in for a real one
 */
public record DefaultModel(Path modelsDir, String name, Optional<String> notice) {
    private static final Logger log = LoggerFactory.getLogger(DefaultModel.class);

    public DefaultModel {
        Objects.requireNonNull(modelsDir, "modelsDir");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(notice, "notice");
    }

    /** The default model's folder. */
    public Path folder() {
        return modelsDir.resolve(name);
    }

    /**
     * The default model of {@code config}, pulling or writing one first when the models folder
     * has none.
     *
     * @param pulling told how the download of {@code default_model_repo} goes, if one is made
     * @throws dev.easel.engine.ModelLoadException when the configured default is not in the folder
     */
    public static DefaultModel find(Config config, PullListener pulling) throws IOException, InterruptedException {
        Optional<String> notice = ensureModels(config, pulling);
        String name = ModelRegistry.defaultName(config.modelsDir(), config.defaultModel());
        return new DefaultModel(config.modelsDir(), name, notice);
    }

    /**
     * Makes sure the models folder has a model: pulls {@code default_model_repo} into an empty
     * one, else writes the demo model, and then says so: the notice.
     */
    static Optional<String> ensureModels(Config config, PullListener pulling) throws IOException, InterruptedException {
        Path dir = config.modelsDir();
        if (ModelRegistry.hasModels(dir)) {
            return Optional.empty();
        }
        Files.createDirectories(dir);
        String why;
        if (config.defaultModelRepo().isBlank()) {
            why = "no default_model_repo is configured";
        } else {
            try {
                log.info("the models folder {} is empty: pulling {}", dir, config.defaultModelRepo());
                new HubClient(config.hub().settings()).pull(config.defaultModelRepo(), "main", dir, pulling);
                return Optional.empty();
            } catch (PullException e) {
                why = e.getMessage();
            }
        }
        SyntheticModel.write(dir.resolve("demo"), SyntheticModel.Shape.DEMO, 42);
        String notice = "No model could be downloaded (" + why + "). Using the built-in 'demo' model, which paints "
                + "prompt-dependent colour fields, not real pictures. Run `easel pull <huggingface-repo>` or copy an "
                + "ONNX export into " + dir.toAbsolutePath() + " (and restart a running server).";
        log.warn("*** {} ***", notice);
        return Optional.of(notice);
    }
}
