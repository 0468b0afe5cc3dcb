package dev.easel.engine;

import ai.onnxruntime.TensorInfo;
import dev.easel.engine.sched.SchedulerConfig;
import dev.easel.engine.sched.SchedulerKind;
import dev.easel.engine.text.ClipTokenizer;
import dev.easel.media.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Stable-Diffusion-family model loaded from a folder in the diffusers ONNX export layout:
 * {@code text_encoder/}, {@code unet/}, {@code vae_decoder/}, optional {@code vae_encoder/},
 * {@code tokenizer/}, {@code scheduler/}, optional TAESD decoder ({@code taesd_decoder/} or
 * {@code vae_taesd_decoder/}) for previews. Input and output names, dtypes and ranks are read from
 * the sessions. Sessions are opened once and shared by concurrent runs; {@link #close()} closes
 * them in reverse order.
 */
public final class DiffusionModel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiffusionModel.class);
    static final float DEFAULT_SCALING_FACTOR = 0.18215f;

    final String name;
    final OrtRuntime runtime;
    final ClipTokenizer tokenizer;
    final OnnxModel textEncoder;
    final OnnxModel unet;
    final OnnxModel vaeDecoder;
    final Optional<OnnxModel> vaeEncoder;
    final Optional<Taesd> taesd;
    final SchedulerConfig schedulerConfig;
    final EngineCaches caches;
    final float scalingFactor;
    final int unetChannels;
    final ModelInfo info;

    /** A TAESD preview decoder and whether it outputs [0, 1] (original) or [-1, 1] (diffusers). */
    record Taesd(OnnxModel model, boolean unitRange) {}

    private DiffusionModel(Path dir, OrtRuntime runtime, EngineCaches caches, List<OnnxModel> opened)
            throws IOException {
        this.name = dir.getFileName().toString();
        this.runtime = runtime;
        this.caches = caches;
        this.tokenizer = ClipTokenizer.load(require(dir, "tokenizer/vocab.json").getParent());
        this.schedulerConfig = SchedulerConfig.read(require(dir, "scheduler/scheduler_config.json"));
        this.textEncoder =
                track(opened, OnnxModel.open(runtime, require(dir, "text_encoder/model.onnx"), "text_encoder"));
        this.unet = track(opened, OnnxModel.open(runtime, require(dir, "unet/model.onnx"), "unet"));
        this.vaeDecoder = track(opened, OnnxModel.open(runtime, require(dir, "vae_decoder/model.onnx"), "vae_decoder"));
        this.vaeEncoder = optional(dir, "vae_encoder/model.onnx")
                .map(p -> track(opened, OnnxModel.open(runtime, p, "vae_encoder")));
        this.taesd = optional(dir, "taesd_decoder/model.onnx")
                .or(() -> optional(dir, "vae_taesd_decoder/model.onnx"))
                .map(p -> new Taesd(
                        track(opened, OnnxModel.open(runtime, p, "taesd_decoder")), isOriginalTaesd(p.getParent())));
        this.scalingFactor = readScalingFactor(dir);
        for (String sdxl : List.of("text_embeds", "time_ids")) {
            if (unet.input(sdxl).isPresent()) {
                throw new ModelLoadException("unet takes '" + sdxl + "': SDXL exports are not supported yet");
            }
        }
        long[] sampleShape = unet.requireInput("sample").getShape();
        this.unetChannels = (int) sampleShape[1];
        if (unetChannels != 4 && unetChannels != 9) {
            throw new ModelLoadException(
                    "unet sample has " + unetChannels + " channels; expected 4, or 9 for inpainting");
        }
        unet.requireInput("timestep");
        unet.requireInput("encoder_hidden_states");
        textEncoder.requireInput("input_ids");
        checkFloat(unet.requireInput("sample"), "unet sample");
        checkFloat(vaeDecoder.inputs().get(vaeDecoder.firstInput()), "vae_decoder input");

        boolean fixed = sampleShape[2] > 0 && sampleShape[3] > 0;
        int nativeSize = fixed ? (int) sampleShape[2] * 8 : 512;
        SchedulerKind modelScheduler = SchedulerKind.fromClassName(schedulerConfig.className());
        ModelDefaults defaults = ModelDefaults.read(dir, modelScheduler, nativeSize);
        this.info = new ModelInfo(
                name,
                defaults,
                fixed ? nativeSize : 64,
                fixed ? nativeSize : 2048,
                vaeEncoder.isPresent(),
                unetChannels == 9,
                taesd.isPresent() ? "taesd" : "linear",
                runtime.description());
        log.info(
                "loaded model '{}' from {} ({}; previews: {}; default {} steps, guidance {}, scheduler {})",
                name,
                dir,
                unetChannels == 9 ? "inpainting unet" : "unet",
                info.previewDecoder(),
                defaults.steps(),
                defaults.guidanceScale(),
                defaults.scheduler().apiName());
    }

    /** Loads the folder without caches. */
    public static DiffusionModel load(Path dir, OrtRuntime runtime) {
        return load(dir, runtime, EngineCaches.none());
    }

    /** Loads the folder; on failure every session opened so far is closed again. */
    public static DiffusionModel load(Path dir, OrtRuntime runtime, EngineCaches caches) {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("model folder " + dir + " does not exist; run `easel pull <repo>` or "
                    + "`easel synth-model " + dir + " --shape demo`");
        }
        List<OnnxModel> opened = new ArrayList<>();
        try {
            return new DiffusionModel(dir, runtime, caches, opened);
        } catch (IOException | RuntimeException e) {
            opened.reversed().forEach(OnnxModel::close);
            if (e instanceof ModelLoadException m) {
                throw m;
            }
            throw new ModelLoadException("cannot load model from " + dir + ": " + e.getMessage(), e);
        }
    }

    public ModelInfo info() {
        return info;
    }

    /** How many CLIP tokens the prompt takes, BOS and EOS included (for usage accounting). */
    public int promptTokens(String prompt) {
        return tokenizer.encode(prompt).tokenCount();
    }

    /** Decodes latents with the VAE alone (no compositing): what an image looks like straight from its latents. */
    public RgbImage decode(Latents latents) {
        return LatentCodec.decode(this, latents, new StageTimings());
    }

    /** Runs one job on the calling thread. Thread-safe: concurrent jobs share the sessions. */
    public GeneratedImage generate(ImageJob job, GenerationListener listener, CancelToken cancel) {
        return new DiffusionRun(this, job, listener, cancel).run();
    }

    @Override
    public void close() {
        taesd.ifPresent(t -> t.model().close());
        vaeEncoder.ifPresent(OnnxModel::close);
        vaeDecoder.close();
        unet.close();
        textEncoder.close();
    }

    private static OnnxModel track(List<OnnxModel> opened, OnnxModel model) {
        opened.add(model);
        return model;
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

    private static void checkFloat(TensorInfo info, String what) {
        if (!Tensors.isFloat(info)) {
            throw new ModelLoadException(what + " is " + info.type + "; expected float32");
        }
    }

    /** diffusers' AutoencoderTiny config marks the [-1, 1] convention; a bare TAESD file is the original [0, 1]. */
    private static boolean isOriginalTaesd(Path folder) {
        Path config = folder.resolve("config.json");
        if (!Files.exists(config)) {
            return true;
        }
        try {
            return !"AutoencoderTiny"
                    .equals(JsonMapper.shared()
                            .readTree(Files.readString(config))
                            .path("_class_name")
                            .asString());
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot read " + config + ": " + e.getMessage(), e);
        }
    }

    private static float readScalingFactor(Path dir) throws IOException {
        for (String part : List.of("vae_decoder/config.json", "vae/config.json")) {
            Path config = dir.resolve(part);
            if (Files.exists(config)) {
                JsonNode json = JsonMapper.shared().readTree(Files.readString(config));
                if (json.has("scaling_factor")) {
                    return (float) json.get("scaling_factor").asDouble();
                }
            }
        }
        return DEFAULT_SCALING_FACTOR;
    }
}
