package dev.easel.engine;

import dev.easel.engine.sched.SchedulerConfig;
import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Stable-Diffusion-family model loaded from a folder in the diffusers or optimum ONNX export
 * layout: {@code text_encoder/}, {@code unet/}, {@code vae_decoder/}, optional {@code vae_encoder/},
 * {@code tokenizer/}, {@code scheduler/}, for SDXL also {@code text_encoder_2/} and
 * {@code tokenizer_2/} (the family is told by the files, {@link FamilyLayout}), optional TAESD
 * decoder ({@code taesd_decoder/}, {@code vae_taesd_decoder/} or {@code taesdxl_decoder/}) for
 * previews. Each pipeline stage owns its session and resolves the
 * input and output names, dtypes and ranks it needs while loading. Stages are opened once and
 * shared by concurrent runs; this model owns them and {@link #close()} closes them in reverse
 * order of opening.
 */
public final class DiffusionModel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiffusionModel.class);

    final String name;
    final ModelFamily family;
    final SchedulerConfig schedulerConfig;
    final EngineCaches caches;
    /** The family's tokenizers and text encoders. */
    final PromptEncoder text;
    /** The UNet of the configured precision, opened at load; {@link #unet(UnetPrecision)} opens the other on first use. */
    final Unet unet;

    final EngineTuning tuning;
    final MemoryBudget memory;
    private final Path unetFile;
    private final OrtRuntime runtime;
    private final java.util.EnumMap<UnetPrecision, Unet> unets = new java.util.EnumMap<>(UnetPrecision.class);
    final VaeDecoder vaeDecoder;
    final Optional<VaeEncoder> vaeEncoder;
    final Previewer previewer;
    final Optional<SafetyChecker> safetyChecker;
    /** The IP-Adapter's image encoder ({@code image_encoder/}), when the model can use reference images. */
    final Optional<ImageEncoder> imageEncoder;

    private final ReferenceSupport references;
    /** What a run without references feeds an IP-Adapter UNet (zeros at strength 0); empty without an adapter. */
    private final Optional<ImageEmbeds> noReferences;

    final ModelInfo info;
    /** How the model is meant to be sampled (standard, turbo, LCM), as its files tell. */
    final ModelDefaults.Sampling sampling;

    private final Batching batching;
    /**
     * The safety checker's verdict on a picture (a preview or a result): empty when the folder has
     * no {@code safety_checker/}.
     */
    public Optional<Boolean> unsafe(dev.easel.media.RgbImage image) {
        return safetyChecker.map(checker -> checker.flags(image));
    }

    /** The stages in the order they were opened. */
    private final List<AutoCloseable> stages = new ArrayList<>();

    /** Opens the stages; on failure every stage opened so far is closed again. */
    private DiffusionModel(Path dir, OrtRuntime runtime, EngineCaches caches) throws IOException {
        this.name = dir.getFileName().toString();
        this.caches = caches;
        try {
            this.family = FamilyLayout.detect(dir);
            require(dir, "tokenizer/vocab.json");
            require(dir, "text_encoder/model.onnx");
            this.schedulerConfig = SchedulerConfig.read(require(dir, "scheduler/scheduler_config.json"));
            float scalingFactor = readScalingFactor(dir, family.defaultScalingFactor());
            this.text = own(FamilyLayout.openText(family, dir, runtime));
            this.runtime = runtime;
            this.tuning = runtime.tuning();
            this.unetFile = require(dir, "unet/model.onnx");
            this.unet = own(Unet.open(runtime, unetFile, tuning.precision()));
            unets.put(tuning.precision(), unet);
            FamilyLayout.checkUnet(family, unet, text, dir);
            this.memory = new MemoryBudget(tuning.memory());
            this.vaeDecoder = own(VaeDecoder.open(runtime, require(dir, "vae_decoder/model.onnx"), scalingFactor));
            this.vaeEncoder =
                    optional(dir, "vae_encoder/model.onnx").map(p -> own(VaeEncoder.open(runtime, p, scalingFactor)));
            this.previewer = optional(dir, "taesd_decoder/model.onnx")
                    .or(() -> optional(dir, "vae_taesd_decoder/model.onnx"))
                    .or(() -> optional(dir, "taesdxl_decoder/model.onnx"))
                    .<Previewer>map(p -> own(TaesdPreviewer.open(runtime, p)))
                    .orElseGet(() -> LinearPreviewer.of(family));
            this.safetyChecker =
                    optional(dir, "safety_checker/model.onnx").map(p -> own(SafetyChecker.open(runtime, p, dir)));
            Optional<ImageEncoder> encoder =
                    optional(dir, "image_encoder/model.onnx").map(p -> own(ImageEncoder.open(runtime, p, dir)));
            this.references = References.support(name, dir, unet, encoder);
            this.imageEncoder = references instanceof ReferenceSupport.IpAdapter ? encoder : Optional.empty();
            this.noReferences = imageEncoder.map(e -> References.off(unet, e));
            this.sampling = ModelDefaults.Sampling.of(dir, schedulerConfig, unet.embedsGuidance());
            this.info = describe(dir, runtime);
            this.batching = new Batching(name, tuning.batch(), tuning.maxBatch(), unet.fixedBatch());
        } catch (IOException | RuntimeException e) {
            try {
                close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        log.info(
                "loaded model '{}' from {} (family {}, {} sampling; {}{}; previews: {}; safety checker: {}; default {}"
                        + " steps, guidance {}, scheduler {}, {}x{})",
                name,
                dir,
                family.apiName(),
                sampling.name().toLowerCase(java.util.Locale.ROOT),
                unet.inpainting() ? "inpainting unet" : "unet",
                references instanceof ReferenceSupport.IpAdapter ? " with IP-Adapter (reference images)" : "",
                info.previewDecoder(),
                safetyChecker.isPresent() ? "yes" : "none",
                info.defaults().steps(),
                info.defaults().guidanceScale(),
                info.defaults().scheduler().apiName(),
                info.defaults().width(),
                info.defaults().height());
    }

    private ModelInfo describe(Path dir, OrtRuntime runtime) {
        OptionalInt fixed = unet.fixedSize();
        ModelDefaults defaults = ModelDefaults.read(dir, family, schedulerConfig, sampling, fixed);
        int maxSteps = ModelSettings.checkSteps(dir, defaults, schedulerConfig);
        int minSize = fixed.orElse(ModelSettings.MIN_SIZE);
        int maxSize = fixed.orElse(ModelSettings.MAX_SIZE);
        ModelSettings.checkSizes(dir, defaults, minSize, maxSize);
        return new ModelInfo(
                name,
                family,
                defaults,
                maxSteps,
                minSize,
                maxSize,
                vaeEncoder.isPresent(),
                unet.inpainting(),
                previewer.kind(),
                runtime.description());
    }

    /** Loads the folder without caches. */
    public static DiffusionModel load(Path dir, OrtRuntime runtime) {
        return load(dir, runtime, EngineCaches.none());
    }

    /**
     * Loads the folder, its own settings checked first ({@link ModelSettings}); on failure every
     * session opened so far is closed again.
     */
    public static DiffusionModel load(Path dir, OrtRuntime runtime, EngineCaches caches) {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("model folder " + dir + " does not exist; run `easel pull <repo>` or "
                    + "`easel synth-model " + dir + " --shape demo`");
        }
        ModelSettings.check(dir);
        try {
            return new DiffusionModel(dir, runtime, caches);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ModelLoadException m) {
                throw m;
            }
            throw new ModelLoadException("cannot load model from " + dir + ": " + e.getMessage(), e);
        }
    }

    public ModelInfo info() {
        return info;
    }

    /** Whether reference images can steer this model's pictures ({@link ImagePrompt.References}), and if not why. */
    public ReferenceSupport referenceSupport() {
        return references;
    }

    /** The image embedding of a run without references: zeros at strength 0 on an IP-Adapter model, else empty. */
    Optional<ImageEmbeds> noReferences() {
        return noReferences;
    }

    /** How many CLIP tokens the prompt takes, BOS and EOS included (for usage accounting). */
    public int promptTokens(String prompt) {
        return text.promptTokens(prompt);
    }

    /** Decodes latents with the VAE alone (no compositing): what an image looks like straight from its latents. */
    public RgbImage decode(Latents latents) {
        return vaeDecoder.decode(latents, new StageTimings());
    }

    /** Runs one job on the calling thread. Thread-safe: concurrent jobs share the stages. */
    public GeneratedImage generate(ImageJob job, GenerationListener listener, CancelToken cancel) {
        if (job.init() instanceof Init.Edit edit
                && edit.mask() instanceof Init.Masked(Mask mask)
                && job.options().inpaintArea().orElse(tuning.inpaintArea()) == InpaintArea.AROUND_MASK) {
            Optional<LatentRegion> crop = AroundMaskRun.crop(mask, job.width(), job.height(), info);
            if (crop.isPresent()) {
                return AroundMaskRun.run(this, job, edit, mask, crop.get(), listener, cancel);
            }
        }
        return new DiffusionRun(this, job, listener, cancel).run();
    }

    /**
     * Runs {@code entries} (jobs of one {@link #batchKey}, each with its own listener and token) on
     * the calling thread in lockstep: one UNet call per step for every job still running, in
     * batches of at most {@code engine.max_batch} jobs and of what the memory available holds
     * ({@link MemoryBudget#entries}; memory mode low runs each job alone). Each job's image is
     * the one {@link #generate} makes of it alone, within float rounding; a job whose token fires
     * ends at its next step and the others go on. Whether batching pays is the caller's question
     * ({@link #maxBatch}); this runs what it is given.
     *
     * @throws IllegalArgumentException when the jobs' batch keys differ (or one has none)
     */
    public List<JobOutcome> generateBatch(List<BatchEntry> entries) {
        return BatchRun.runAll(this, entries, batching.max());
    }

    /**
     * What {@code job} must share with others to run in lockstep with them, or empty when it runs
     * alone whatever (a masked edit that denoises only a crop around its mask).
     */
    public Optional<BatchKey> batchKey(ImageJob job) {
        return BatchKey.of(this, job);
    }

    /**
     * How many jobs of one batch key to run in lockstep now ({@link #generateBatch}); 1 means one
     * at a time. {@code engine.batch}: on gives {@code engine.max_batch}, off 1, auto 1 until
     * {@link #probeBatching} has measured and then what it found.
     */
    public int maxBatch() {
        return batching.limit();
    }

    /**
     * True once per model, when {@code engine.batch} is auto and batching is possible: the caller
     * is to run {@link #probeBatching} (the server queues it on an engine worker behind the tasks
     * already waiting, so that none of them waits for it and it shares the machine with no run).
     */
    public boolean claimBatchProbe() {
        return batching.claimProbe();
    }

    /** Measures whether batching pays on this model ({@link BatchProbe}), decides, and logs the ratio and the decision. */
    public void probeBatching() {
        Optional<BatchProbe.Timing> timing;
        try {
            timing = BatchProbe.measure(this);
        } catch (RuntimeException e) {
            log.warn(
                    "model '{}': the batching measurement failed ({}); running images one at a time",
                    name,
                    e.getMessage());
            timing = Optional.empty();
        }
        batching.decided(timing);
    }

    /**
     * For benchmarks: the time of a UNet call of two images over that of one at the native size
     * ({@link BatchProbe}); below {@link BatchMode#AUTO_RATIO} auto batches. Empty when memory
     * would not hold the call.
     */
    public java.util.OptionalDouble batchRatio() {
        return BatchProbe.measure(this)
                .map(t -> java.util.OptionalDouble.of(t.ratio()))
                .orElse(java.util.OptionalDouble.empty());
    }

    /**
     * The UNet of {@code precision}: the one opened at load, or the other copy, opened (and for
     * int8 quantized, once, into the model folder's cache) on first use and kept.
     */
    Unet unet(UnetPrecision precision) {
        synchronized (unets) {
            Unet open = unets.get(precision);
            if (open == null) {
                log.info("model '{}': opening its {} unet on first use", name, precision.apiName());
                open = own(Unet.open(runtime, unetFile, precision));
                unets.put(precision, open);
            }
            return open;
        }
    }

    /** The configured final decoder, or the VAE when it is TAESD and this folder has none. */
    FinalDecoder defaultDecoder() {
        return previewer instanceof TaesdPreviewer ? tuning.decoder() : FinalDecoder.VAE;
    }

    /** The TAESD decoder, or the error a job asking for it gets from a model without one. */
    TaesdPreviewer taesd() {
        if (previewer instanceof TaesdPreviewer taesd) {
            return taesd;
        }
        throw new UnsupportedOperationException("model '" + name + "' has no TAESD decoder (taesd_decoder/): "
                + "run `easel pull --taesd --into " + unetFile.getParent().getParent() + "` to add one");
    }

    /**
     * For benchmarks: runs {@code job} and at every step also predicts the noise with the UNet of
     * {@code other} on the very same input; returns per step the relative error
     * ‖ε_other − ε‖₂ / ‖ε‖₂ of the guided predictions.
     */
    public double[] noiseError(ImageJob job, UnetPrecision other) {
        Unet second = unet(other);
        List<Double> errors = new ArrayList<>();
        new DiffusionRun(this, job, GenerationListener.NONE, CancelToken.NEVER, (step, eps) -> {
                    float[] alt = second.predict(step, new StageTimings());
                    double diff = 0;
                    double norm = 0;
                    for (int i = 0; i < eps.length; i++) {
                        diff += (double) (alt[i] - eps[i]) * (alt[i] - eps[i]);
                        norm += (double) eps[i] * eps[i];
                    }
                    errors.add(Math.sqrt(diff / Math.max(norm, Double.MIN_NORMAL)));
                })
                .run();
        return errors.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The VAE encoder, or the error an edit gets from a model without one. */
    VaeEncoder encoder() {
        return vaeEncoder.orElseThrow(() ->
                new UnsupportedOperationException("model '" + name + "' has no vae_encoder, so it cannot edit images"));
    }

    /** Closes every stage, last opened first; a failure to close one does not keep the others open. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable stage : stages.reversed()) {
            try {
                stage.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        stages.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private <S extends AutoCloseable> S own(S stage) {
        synchronized (stages) {
            stages.add(stage);
        }
        return stage;
    }

    private static Path require(Path dir, String relative) {
        Path p = dir.resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new ModelLoadException(dir + " is not a diffusers ONNX export: " + relative + " is missing");
        }
        return p;
    }

    private static Optional<Path> optional(Path dir, String relative) {
        Path p = dir.resolve(relative);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    private static float readScalingFactor(Path dir, float familyDefault) throws IOException {
        for (String part : List.of("vae_decoder/config.json", "vae/config.json")) {
            Path config = dir.resolve(part);
            if (Files.exists(config)) {
                JsonNode json = JsonMapper.shared().readTree(Files.readString(config));
                if (json.has("scaling_factor")) {
                    return (float) json.get("scaling_factor").asDouble();
                }
            }
        }
        return familyDefault;
    }
}
