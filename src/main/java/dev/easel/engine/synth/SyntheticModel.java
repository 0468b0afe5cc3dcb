package dev.easel.engine.synth;

import dev.easel.engine.sched.BetaSchedule;
import dev.easel.engine.sd.Sd1Latents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a model folder in the diffusers ONNX export layout that the engine loads through the
 * same code path as a downloaded model. Shapes: {@code tiny} (random weights, milliseconds
 * per step, for tests), {@code demo} (analytic: prompt-dependent colour fields and previews that
 * converge), {@code sd15} (a Stable-Diffusion-1.5-shaped UNet and VAE with random weights, for
 * benchmarks with realistic compute; about 3.8 GB, generated on demand, never committed),
 * {@code sdxl-tiny} and {@code sd-turbo-tiny} (the SDXL and SD-Turbo layouts around tiny graphs:
 * the real input and output names and shapes, for tests), {@code sd-turbo} (SD-2.x-shaped, for
 * benchmarks, about 3.8 GB), {@code sdxl} (an SDXL-shaped UNet and VAE for benchmarks, about
 * 10.6 GB) and {@code tiny-ip-adapter} ({@code tiny} with an IP-Adapter: an image encoder and a
 * UNet taking {@code image_embeds}, for reference-image tests). The tiny families write no {@code easel.json}: their defaults are
 * what the engine tells from their files.
 */
public final class SyntheticModel {

    /** The shapes {@code easel synth-model --shape} offers. */
    public enum Shape {
        TINY,
        TINY_IP_ADAPTER,
        DEMO,
        SD15,
        SDXL_TINY,
        SD_TURBO_TINY,
        SD_TURBO,
        SDXL;

        /** The name {@code --shape} takes: {@code tiny}, {@code sdxl-tiny}, ... */
        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The shape called {@code name} ({@link #cliName}), or an error listing the shapes. */
        public static Shape parse(String name) {
            for (Shape shape : values()) {
                if (shape.cliName().equals(name.toLowerCase(java.util.Locale.ROOT))) {
                    return shape;
                }
            }
            throw new IllegalArgumentException("unknown shape '" + name + "'; valid: "
                    + java.util.Arrays.stream(values()).map(Shape::cliName).toList());
        }
    }

    private SyntheticModel() {}

    /** Writes the model into {@code dir} (created if needed; existing files are overwritten). */
    public static void write(Path dir, Shape shape, long seed) throws IOException {
        switch (shape) {
            case SDXL_TINY, SDXL -> {
                SdxlShapes.write(dir, shape, seed);
                return;
            }
            case SD_TURBO_TINY, SD_TURBO -> {
                SdxlShapes.writeSdTurbo(dir, seed, shape == Shape.SD_TURBO);
                return;
            }
            case TINY, TINY_IP_ADAPTER, DEMO, SD15 -> {}
        }
        Files.createDirectories(dir);
        for (String part :
                new String[] {"text_encoder", "unet", "vae_decoder", "vae_encoder", "tokenizer", "scheduler"}) {
            Files.createDirectories(dir.resolve(part));
        }
        int[] specialIds = SynthVocab.write(dir.resolve("tokenizer"));
        writeScheduler(dir.resolve("scheduler"));
        writeVaeConfig(dir);
        switch (shape) {
            case TINY, TINY_IP_ADAPTER -> {
                TextEncoderGraph.write(dir.resolve("text_encoder"), seed, TextEncoderGraph.Variant.random());
                boolean adapter = shape == Shape.TINY_IP_ADAPTER;
                TinyGraphs.unet(dir.resolve("unet"), seed + 1, 4, TinyGraphs.UnetKind.SD1, adapter);
                if (adapter) {
                    IpAdapterGraphs.imageEncoder(dir.resolve("image_encoder"), seed + 5);
                }
                TinyGraphs.vaeDecoder(dir.resolve("vae_decoder"), seed + 2);
                TinyGraphs.vaeEncoder(dir.resolve("vae_encoder"), seed + 3);
                writeTinyTaesd(dir.resolve("taesd_decoder"), seed + 4);
                writeDefaults(dir, 4, 0.0, "euler", 64);
            }
            case DEMO -> {
                TextEncoderGraph.write(
                        dir.resolve("text_encoder"), seed, TextEncoderGraph.Variant.wordsOnly(specialIds));
                DemoGraphs.unet(dir.resolve("unet"), seed + 1, alphasCumprod());
                DemoGraphs.vaeDecoder(dir.resolve("vae_decoder"));
                DemoGraphs.vaeEncoder(dir.resolve("vae_encoder"));
                writeDefaults(dir, 12, 0.0, "euler", 256);
            }
            case SD15 -> {
                TextEncoderGraph.write(dir.resolve("text_encoder"), seed, TextEncoderGraph.Variant.random());
                Sd15Unet.write(dir.resolve("unet"), seed + 1);
                Sd15Vae.writeDecoder(dir.resolve("vae_decoder"), seed + 2);
                Sd15Vae.writeEncoder(dir.resolve("vae_encoder"), seed + 3);
                TaesdShape.write(Files.createDirectories(dir.resolve("taesd_decoder")), seed + 4);
                writeDefaults(dir, 25, 7.5, "euler", 512);
            }
            case SDXL_TINY, SD_TURBO_TINY, SD_TURBO, SDXL -> throw new IllegalStateException("written above");
        }
        Files.writeString(dir.resolve("model_index.json"), modelIndex(shape), StandardCharsets.UTF_8);
    }

    /** The tiny TAESD-style decoder with diffusers' AutoencoderTiny config ([-1, 1] output). */
    static void writeTinyTaesd(Path taesd, long seed) throws IOException {
        Files.createDirectories(taesd);
        TinyGraphs.taesdDecoder(taesd, seed);
        Files.writeString(
                taesd.resolve("config.json"), "{\"_class_name\": \"AutoencoderTiny\", \"scaling_factor\": 1.0}\n");
    }

    /** ᾱ for the scaled-linear schedule this folder's scheduler_config.json declares. */
    static double[] alphasCumprod() {
        return BetaSchedule.SCALED_LINEAR.alphaBars(1000, 0.00085, 0.012);
    }

    private static void writeScheduler(Path dir) throws IOException {
        Files.writeString(dir.resolve("scheduler_config.json"), """
                {
                  "_class_name": "EulerDiscreteScheduler",
                  "beta_start": 0.00085,
                  "beta_end": 0.012,
                  "beta_schedule": "scaled_linear",
                  "num_train_timesteps": 1000,
                  "prediction_type": "epsilon",
                  "timestep_spacing": "leading",
                  "steps_offset": 1,
                  "set_alpha_to_one": false,
                  "clip_sample": false
                }
                """);
    }

    private static void writeVaeConfig(Path dir) throws IOException {
        writeVaeConfig(dir, Sd1Latents.SCALING_FACTOR);
    }

    static void writeVaeConfig(Path dir, float scalingFactor) throws IOException {
        String config = "{\"_class_name\": \"AutoencoderKL\", \"scaling_factor\": " + scalingFactor + "}\n";
        Files.writeString(dir.resolve("vae_decoder").resolve("config.json"), config);
        Files.writeString(dir.resolve("vae_encoder").resolve("config.json"), config);
    }

    /** Easel's own per-model defaults file (documented in the README). */
    static void writeDefaults(Path dir, int steps, double guidance, String scheduler, int size) throws IOException {
        Files.writeString(dir.resolve("easel.json"), """
                {"steps": %d, "guidance_scale": %s, "scheduler": "%s", "width": %d, "height": %d}
                """.formatted(steps, guidance, scheduler, size, size));
    }

    private static String modelIndex(Shape shape) {
        return """
                {
                  "_class_name": "OnnxStableDiffusionPipeline",
                  "_diffusers_version": "0.30.0",
                  "_easel_synthetic": "%s",
                  "text_encoder": ["diffusers", "OnnxRuntimeModel"],
                  "tokenizer": ["transformers", "CLIPTokenizer"],
                  "scheduler": ["diffusers", "EulerDiscreteScheduler"],
                  "unet": ["diffusers", "OnnxRuntimeModel"],
                  "vae_decoder": ["diffusers", "OnnxRuntimeModel"],
                  "vae_encoder": ["diffusers", "OnnxRuntimeModel"]
                }
                """.formatted(shape.name().toLowerCase(java.util.Locale.ROOT));
    }
}
