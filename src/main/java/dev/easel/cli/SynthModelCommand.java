package dev.easel.cli;

import dev.easel.engine.synth.MattingGraphs;
import dev.easel.engine.synth.SyntheticModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code easel synth-model DIR --shape demo|tiny|tiny-ip-adapter|sd15|sdxl-tiny|sd-turbo-tiny|sd-turbo|sdxl}: writes a
 * synthetic model folder; {@code --shape matting-tiny} writes a tiny matting model instead
 * (BiRefNet's names, a known mask: see {@link MattingGraphs}), e.g. into {@code <models>/matting}.
 */
@Command(
        name = "synth-model",
        mixinStandardHelpOptions = true,
        description =
                "Write a synthetic model in the diffusers ONNX layout: tiny (tests), tiny-ip-adapter (tiny with an"
                        + " IP-Adapter image encoder and UNet, tests), demo (analytic, "
                        + "prompt-dependent pictures), sd15 (SD-1.5-shaped UNet and VAE, random weights, ~3.8 GB, benchmarks),"
                        + " sdxl-tiny and sd-turbo-tiny (the SDXL and SD-Turbo layouts, tests), sd-turbo (SD-2.x-shaped, ~3.8 GB) and"
                        + " sdxl (SDXL-shaped UNet and VAE, ~10.6 GB, benchmarks); matting-tiny writes a tiny matting model"
                        + " (BiRefNet's names) for transparent backgrounds.")
final class SynthModelCommand implements Callable<Integer> {
    static final String MATTING_TINY = "matting-tiny";

    @Parameters(index = "0", description = "Folder to write.")
    Path dir;

    @Option(
            names = "--shape",
            defaultValue = "demo",
            description =
                    "tiny, demo, sd15, sdxl-tiny, sd-turbo-tiny, sd-turbo, sdxl or matting-tiny (default: ${DEFAULT-VALUE}).")
    String shape;

    @Option(names = "--seed", defaultValue = "42", description = "Weight seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (shape.equals(MATTING_TINY)) {
            MattingGraphs.write(dir, MattingGraphs.Export.BIREFNET, 64);
            System.err.printf(Locale.ROOT, "wrote the %s matting model to %s%n", shape, dir);
            return 0;
        }
        SyntheticModel.Shape parsed;
        try {
            parsed = SyntheticModel.Shape.parse(shape);
        } catch (IllegalArgumentException e) {
            System.err.println("error: --shape: " + e.getMessage() + " (or " + MATTING_TINY + ")");
            return 2;
        }
        long start = System.nanoTime();
        SyntheticModel.write(dir, parsed, seed);
        System.err.printf(
                Locale.ROOT, "wrote the %s model to %s in %.1f s%n", shape, dir, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
