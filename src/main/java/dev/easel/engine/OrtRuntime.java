package dev.easel.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.easel.engine.convert.ConversionProgress;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one ONNX Runtime environment and the execution provider every session uses.
 * CUDA is used when the GPU build of ONNX Runtime is on the class path and a device answers;
 * otherwise the CPU, with a log line that says why and how to change it.
 */
public final class OrtRuntime {
    private static final Logger log = LoggerFactory.getLogger(OrtRuntime.class);

    /** What the operator asked for ({@code EASEL_DEVICE}). */
    public enum Device {
        AUTO,
        CPU,
        CUDA;

        public static Device parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("device must be auto, cpu or cuda: " + name);
            }
        }
    }

    private final OrtEnvironment env;
    private final boolean cuda;
    private final String description;
    private final int threads;
    private final EngineTuning tuning;
    private final ConversionProgress conversions;

    private OrtRuntime(
            OrtEnvironment env,
            boolean cuda,
            String description,
            int threads,
            EngineTuning tuning,
            ConversionProgress conversions) {
        this.env = env;
        this.cuda = cuda;
        this.description = description;
        this.threads = threads;
        this.tuning = tuning;
        this.conversions = conversions;
    }

    private OrtRuntime(OrtEnvironment env, boolean cuda, String description, int threads) {
        this(
                env,
                cuda,
                description + ", " + threads + " intra-op threads",
                threads,
                EngineTuning.DEFAULTS,
                ConversionProgress.NONE);
    }

    /** This runtime with other speed and memory defaults (the engine's configuration). */
    public OrtRuntime withTuning(EngineTuning newTuning) {
        return new OrtRuntime(env, cuda, description, threads, newTuning, conversions);
    }

    /**
     * This runtime telling {@code progress} how the one-time conversions of the models it loads
     * go (float16 to float32, the fused and int8 UNet copies): the command line's progress bars.
     */
    public OrtRuntime withConversions(ConversionProgress progress) {
        return new OrtRuntime(env, cuda, description, threads, tuning, progress);
    }

    /** Who hears about the conversions of models loaded on this runtime. */
    ConversionProgress conversions() {
        return conversions;
    }

    /** The configured speed and memory defaults every model loaded on this runtime uses. */
    public EngineTuning tuning() {
        return tuning;
    }

    /** Uses one intra-op thread per available processor (ONNX Runtime's own default counts physical cores only). */
    public static OrtRuntime create(Device requested) {
        return create(requested, Runtime.getRuntime().availableProcessors());
    }

    public static OrtRuntime create(Device requested, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        EnumSet<OrtProvider> providers = OrtEnvironment.getAvailableProviders();
        boolean cudaBuilt = providers.contains(OrtProvider.CUDA);
        if (requested == Device.CPU) {
            return announce(new OrtRuntime(env, false, "CPU (requested)", threads));
        }
        if (!cudaBuilt) {
            String why = "CPU (providers: " + providers + "; "
                    + (requested == Device.CUDA ? "CUDA requested but " : "")
                    + "this build has no CUDA provider: build with `mvn -Pcuda package` to enable it)";
            if (requested == Device.CUDA) {
                log.warn("CUDA requested, not available; running on CPU");
            }
            return announce(new OrtRuntime(env, false, why, threads));
        }
        try (OrtSession.SessionOptions probe = new OrtSession.SessionOptions()) {
            probe.addCUDA(0);
            return announce(new OrtRuntime(env, true, "CUDA device 0", threads));
        } catch (OrtException | RuntimeException e) {
            return announce(new OrtRuntime(
                    env,
                    false,
                    "CPU (the CUDA provider failed to start: " + e.getMessage()
                            + "; check the CUDA and cuDNN libraries ONNX Runtime needs)",
                    threads));
        }
    }

    private static OrtRuntime announce(OrtRuntime runtime) {
        log.info(
                "ONNX Runtime {}: running on {}",
                OrtEnvironment.getEnvironment().getVersion(),
                runtime.description);
        return runtime;
    }

    /** Human-readable: which provider and why. */
    public String description() {
        return description;
    }

    public boolean usesCuda() {
        return cuda;
    }

    OrtEnvironment environment() {
        return env;
    }

    OrtSession open(Path model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            // Idle workers would otherwise spin after each run, taking the cores the Java side
            // needs for previews and image encoding between runs (2x slower end to end on 2 cores).
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            if (!cuda && tuning.memory() != MemoryMode.FAST) {
                // Without the arena a run's activations go back to the system when it ends: the
                // arena would keep every session's largest run resident for good (the UNet's and
                // the VAE's on top of each other), and what the system reports available would
                // not count them, misleading MemoryBudget.
                options.setCPUArenaAllocator(false);
            }
            if (cuda) {
                options.addCUDA(0);
            }
            return env.createSession(model.toString(), options);
        }
    }
}
