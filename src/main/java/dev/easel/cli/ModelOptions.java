package dev.easel.cli;

import dev.easel.Config;
import dev.easel.DefaultModel;
import dev.easel.engine.ModelDefaults;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every command that runs a model shares: which model, and the size and steps to use.
 * Without {@code --model} the model is the one {@code easel serve} would use
 * ({@link DefaultModel}: the configured default, else the first in the models folder, else one
 * pulled or the demo model written on demand, with the same notice).
 */
final class ModelOptions {
    @Option(
            names = "--model",
            paramLabel = "NAME|DIR",
            defaultValue = "${env:EASEL_MODEL}",
            description = "Model folder, or the name of one in the models folder (default: $EASEL_MODEL, else the"
                    + " model `easel serve` would use).")
    String model;

    @Option(
            names = "--models",
            paramLabel = "DIR",
            description = "Models folder (default: models_dir from easel.yaml or $EASEL_MODELS_DIR, else ./models).")
    Path models;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML configuration file (default ./easel.yaml when present).")
    Path config;

    @Option(
            names = "--size",
            converter = SizeConverter.class,
            description = "WxH, multiples of 8 (default: the model's).")
    SizeConverter.Size size;

    @Option(names = "--steps", description = "Denoising steps (default: the model's).")
    Integer steps;

    /** Resolved once: the default model may have been pulled or written on the way. */
    private Path folder;

    int width(ModelDefaults d) {
        return size != null ? size.width() : d.width();
    }

    int height(ModelDefaults d) {
        return size != null ? size.height() : d.height();
    }

    int steps(ModelDefaults d) {
        return steps != null ? steps : d.steps();
    }

    /** The configuration of easel.yaml, the environment and {@code flags} (by setting key) over it. */
    Config settings(Map<String, String> flags, PrintWriter err) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(flags);
        if (models != null) {
            all.put("models_dir", models.toString());
        }
        return new ConfigSources(ConfigSources.chooseFile(config), System.getenv(), all)
                .load(warning -> err.println("warning: " + warning));
    }

    /** The model folder to run, found as {@link ModelOptions} says. */
    Path folder() {
        if (folder == null) {
            // Not closed: it is System.err.
            PrintWriter err = new PrintWriter(System.err, true);
            try {
                folder = folder(settings(Map.of(), err), err);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    /** The model folder to run under {@code settings}; a download of the default model shows its progress. */
    Path folder(Config settings, PrintWriter err) throws IOException {
        if (folder != null) {
            return folder;
        }
        if (model != null && !model.isBlank()) {
            Path named = settings.modelsDir().resolve(model);
            folder = !Files.isDirectory(Path.of(model)) && Files.isDirectory(named) ? named : Path.of(model);
            return folder;
        }
        try {
            folder = DefaultModel.find(settings, new PullProgress(err, Progress.interactive(), System::nanoTime))
                    .folder();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching the default model", e);
        }
        return folder;
    }
}
