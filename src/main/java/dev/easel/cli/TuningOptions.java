package dev.easel.cli;

import dev.easel.engine.EngineTuning;
import dev.easel.engine.FinalDecoder;
import dev.easel.engine.InpaintArea;
import dev.easel.engine.MemoryMode;
import dev.easel.engine.UnetPrecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The engine's speed and memory switches for commands that run a model directly (the server reads them from its configuration). */
final class TuningOptions {
    @Option(
            names = "--memory",
            defaultValue = "auto",
            description =
                    "auto, fast or low: guided passes batched or one after the other (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(
            names = "--unet-precision",
            defaultValue = "fp32",
            description =
                    "fp32 or int8 (MatMul weights quantized once, cached in the model folder) (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(
            names = "--final-decoder",
            defaultValue = "vae",
            description = "vae or taesd (needs the model's taesd_decoder/) (default: ${DEFAULT-VALUE}).")
    String decoder;

    @Option(
            names = "--guidance-interval",
            defaultValue = "1",
            description =
                    "Middle fraction of the steps with classifier-free guidance, in (0, 1] (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(
            names = "--fuse-attention",
            defaultValue = "true",
            arity = "1",
            description = "Run the UNet from a copy with attention fused into MultiHeadAttention; false: the file as "
                    + "it is (default: ${DEFAULT-VALUE}).")
    boolean fuseAttention;

    EngineTuning tuning() {
        return new EngineTuning(
                MemoryMode.parse(memory),
                UnetPrecision.parse(precision),
                FinalDecoder.parse(decoder),
                interval,
                fuseAttention,
                EngineTuning.DEFAULTS.batch(),
                EngineTuning.DEFAULTS.maxBatch(),
                InpaintArea.WHOLE_PICTURE);
    }

    /** The flags that reproduce these options, for a child process. */
    List<String> flags() {
        List<String> out = new ArrayList<>();
        out.add("--memory=" + memory);
        out.add("--unet-precision=" + precision);
        out.add("--final-decoder=" + decoder);
        out.add("--guidance-interval=" + interval);
        out.add("--fuse-attention=" + fuseAttention);
        return out;
    }

    /** One line: which options are set. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "memory %s, unet %s, decoder %s, guidance interval %s, attention %s",
                memory,
                precision,
                decoder,
                interval,
                fuseAttention ? "fused" : "as exported");
    }
}
