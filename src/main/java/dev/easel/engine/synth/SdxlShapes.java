package dev.easel.engine.synth;

import dev.easel.engine.sd.Sd1Latents;
import dev.easel.engine.sd.SdxlLatents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The synthetic models of the newer families, laid out as optimum exports them: {@code sdxl-tiny}
 * (SDXL: two tokenizers and text encoders with optimum's {@code hidden_states.i} and
 * {@code text_embeds} outputs, a UNet taking {@code text_embeds} and {@code time_ids}, the 0.13025
 * latent scale, a TAESDXL-style preview decoder), {@code sdxl} (the same with an SDXL-shaped UNet
 * and VAE, for benchmarks) and {@code sd-turbo-tiny} (SD 2.x's 1024-wide encoder, int64 ids and a
 * scalar int64 timestep, and SD-Turbo's Euler scheduler with trailing timestep spacing; with
 * {@code sd-turbo} an SD-2.x-shaped UNet and VAE, for benchmarks). None
 * writes {@code easel.json}: steps, guidance and size are what the engine tells from the files.
 */
final class SdxlShapes {
    private SdxlShapes() {}

    static void write(Path dir, SyntheticModel.Shape shape, long seed) throws IOException {
        folders(dir, "text_encoder", "text_encoder_2", "unet", "vae_decoder", "vae_encoder", "scheduler");
        SynthVocab.write(dir.resolve("tokenizer"));
        SynthVocab.write(dir.resolve("tokenizer_2"), "!");
        scheduler(dir, "leading");
        SyntheticModel.writeVaeConfig(dir, SdxlLatents.SCALING_FACTOR);
        TextEncoderGraph.write(dir.resolve("text_encoder"), seed, TextEncoderGraph.Variant.sdxlFirst());
        TextEncoderGraph.write(dir.resolve("text_encoder_2"), seed + 5, TextEncoderGraph.Variant.sdxlSecond());
        switch (shape) {
            case SDXL_TINY -> {
                TinyGraphs.unet(dir.resolve("unet"), seed + 1, 4, TinyGraphs.UnetKind.SDXL);
                TinyGraphs.vaeDecoder(dir.resolve("vae_decoder"), seed + 2);
                TinyGraphs.vaeEncoder(dir.resolve("vae_encoder"), seed + 3);
                SyntheticModel.writeTinyTaesd(dir.resolve("taesdxl_decoder"), seed + 4);
            }
            case SDXL -> {
                SdxlUnet.write(dir.resolve("unet"), seed + 1);
                Sd15Vae.writeDecoder(dir.resolve("vae_decoder"), seed + 2);
                Sd15Vae.writeEncoder(dir.resolve("vae_encoder"), seed + 3);
                TaesdShape.write(Files.createDirectories(dir.resolve("taesdxl_decoder")), seed + 4);
            }
            default -> throw new IllegalArgumentException(shape + " is not an SDXL shape");
        }
        Files.writeString(dir.resolve("model_index.json"), """
                {
                  "_class_name": "ORTStableDiffusionXLPipeline",
                  "_diffusers_version": "0.30.0",
                  "_easel_synthetic": "%s",
                  "force_zeros_for_empty_prompt": true,
                  "scheduler": ["diffusers", "EulerDiscreteScheduler"],
                  "text_encoder": ["transformers", "CLIPTextModel"],
                  "text_encoder_2": ["transformers", "CLIPTextModelWithProjection"],
                  "tokenizer": ["transformers", "CLIPTokenizer"],
                  "tokenizer_2": ["transformers", "CLIPTokenizer"],
                  "unet": ["diffusers", "UNet2DConditionModel"],
                  "vae_decoder": ["diffusers", "AutoencoderKL"],
                  "vae_encoder": ["diffusers", "AutoencoderKL"]
                }
                """.formatted(shape.cliName()), StandardCharsets.UTF_8);
    }

    /** {@code sd-turbo-tiny}, or with {@code full} the SD-2.x-shaped UNet and VAE ({@code sd-turbo}, benchmarks). */
    static void writeSdTurbo(Path dir, long seed, boolean full) throws IOException {
        folders(dir, "text_encoder", "unet", "vae_decoder", "vae_encoder", "scheduler");
        SynthVocab.write(dir.resolve("tokenizer"), "!");
        scheduler(dir, "trailing");
        SyntheticModel.writeVaeConfig(dir, Sd1Latents.SCALING_FACTOR);
        TextEncoderGraph.write(dir.resolve("text_encoder"), seed, TextEncoderGraph.Variant.sd2());
        if (full) {
            Sd15Unet.writeSd2(dir.resolve("unet"), seed + 1);
            Sd15Vae.writeDecoder(dir.resolve("vae_decoder"), seed + 2);
            Sd15Vae.writeEncoder(dir.resolve("vae_encoder"), seed + 3);
            TaesdShape.write(Files.createDirectories(dir.resolve("taesd_decoder")), seed + 4);
        } else {
            TinyGraphs.unet(dir.resolve("unet"), seed + 1, 4, TinyGraphs.UnetKind.SD2);
            TinyGraphs.vaeDecoder(dir.resolve("vae_decoder"), seed + 2);
            TinyGraphs.vaeEncoder(dir.resolve("vae_encoder"), seed + 3);
            SyntheticModel.writeTinyTaesd(dir.resolve("taesd_decoder"), seed + 4);
        }
        Files.writeString(
                dir.resolve("model_index.json"),
                """
                {
                  "_class_name": "ORTStableDiffusionPipeline",
                  "_diffusers_version": "0.30.0",
                  "_easel_synthetic": "%s",
                  "scheduler": ["diffusers", "EulerDiscreteScheduler"],
                  "text_encoder": ["transformers", "CLIPTextModel"],
                  "tokenizer": ["transformers", "CLIPTokenizer"],
                  "unet": ["diffusers", "UNet2DConditionModel"],
                  "vae_decoder": ["diffusers", "AutoencoderKL"],
                  "vae_encoder": ["diffusers", "AutoencoderKL"]
                }
                """.formatted(full ? "sd-turbo" : "sd-turbo-tiny"),
                StandardCharsets.UTF_8);
    }

    private static void folders(Path dir, String... parts) throws IOException {
        for (String part : parts) {
            Files.createDirectories(dir.resolve(part));
        }
    }

    /** The Euler scheduler of SDXL ({@code leading}) or of SD-Turbo and SDXL-Turbo ({@code trailing}). */
    private static void scheduler(Path dir, String spacing) throws IOException {
        Files.writeString(dir.resolve("scheduler/scheduler_config.json"), """
                {
                  "_class_name": "EulerDiscreteScheduler",
                  "beta_start": 0.00085,
                  "beta_end": 0.012,
                  "beta_schedule": "scaled_linear",
                  "num_train_timesteps": 1000,
                  "prediction_type": "epsilon",
                  "timestep_spacing": "%s",
                  "steps_offset": 1,
                  "set_alpha_to_one": false,
                  "clip_sample": false
                }
                """.formatted(spacing));
    }
}
