package dev.easel.cli;

import dev.easel.engine.ModelDefaults;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that runs a model shares: which model, and the size and steps to use. */
final class ModelOptions {
    @Option(
            names = "--model",
            defaultValue = "${env:EASEL_MODEL:-models/demo}",
            description = "Model folder (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(
            names = "--size",
            converter = SizeConverter.class,
            description = "WxH, multiples of 8 (default: the model's).")
    SizeConverter.Size size;

    @Option(names = "--steps", description = "Denoising steps (default: the model's).")
    Integer steps;

    int width(ModelDefaults d) {
        return size != null ? size.width() : d.width();
    }

    int height(ModelDefaults d) {
        return size != null ? size.height() : d.height();
    }

    int steps(ModelDefaults d) {
        return steps != null ? steps : d.steps();
    }
}
