package dev.easel.engine;

import dev.easel.engine.text.ClipTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells a model folder's family from its files and opens the family's text side. The diffusers
 * and optimum ONNX exports lay the families out alike except for the text encoders: SD 1.x/2.x
 * have {@code text_encoder/} and {@code tokenizer/}; SDXL adds {@code text_encoder_2/} and
 * {@code tokenizer_2/}, and its UNet takes {@code text_embeds} and {@code time_ids}
 * ({@link #checkUnet}). An SDXL refiner (a second encoder without the first) is refused; a
 * {@code refiner/} folder beside a base model is skipped with a note.
 */
final class FamilyLayout {
    private static final Logger log = LoggerFactory.getLogger(FamilyLayout.class);

    private FamilyLayout() {}

    /** The family of the export in {@code dir}, or a load error naming what is missing. */
    static ModelFamily detect(Path dir) {
        boolean first = Files.isRegularFile(dir.resolve("text_encoder/model.onnx"));
        boolean second = Files.isRegularFile(dir.resolve("text_encoder_2/model.onnx"));
        if (second && !first) {
            throw new ModelLoadException(dir + " has text_encoder_2/ but no text_encoder/model.onnx: an SDXL refiner"
                    + " export, which only refines another model's latents; Easel runs SDXL base models (download the"
                    + " base model's export, e.g. with `easel pull`)");
        }
        if (!second) {
            return ModelFamily.SD1;
        }
        for (String part : List.of("tokenizer_2/vocab.json", "tokenizer_2/merges.txt")) {
            if (!Files.isRegularFile(dir.resolve(part))) {
                throw new ModelLoadException(dir + " is an SDXL export (it has text_encoder_2/) but " + part
                        + " is missing: the second text encoder needs its own tokenizer");
            }
        }
        if (Files.isDirectory(dir.resolve("refiner"))) {
            log.info(
                    "{}: refiner/ skipped: Easel runs the SDXL base model alone (the refiner adds detail in a second"
                            + " pass that no OpenAI parameter asks for)",
                    dir);
        }
        return ModelFamily.SDXL;
    }

    /** The family's text encoders and tokenizers, opened; on failure nothing stays open. */
    static PromptEncoder openText(ModelFamily family, Path dir, OrtRuntime runtime) throws IOException {
        ClipTokenizer tokenizer = ClipTokenizer.load(dir.resolve("tokenizer"));
        return switch (family) {
            case SD1 ->
                new PromptEncoder.OneClip(tokenizer, TextEncoder.open(runtime, dir.resolve("text_encoder/model.onnx")));
            case SDXL -> {
                ClipTokenizer tokenizer2 = ClipTokenizer.load(dir.resolve("tokenizer_2"));
                TextEncoder one = TextEncoder.open(
                        runtime,
                        dir.resolve("text_encoder/model.onnx"),
                        TextEncoder.Readout.PENULTIMATE,
                        "text_encoder");
                try {
                    TextEncoder two = TextEncoder.open(
                            runtime,
                            dir.resolve("text_encoder_2/model.onnx"),
                            TextEncoder.Readout.PENULTIMATE_AND_POOLED,
                            "text_encoder_2");
                    yield new PromptEncoder.TwoClips(
                            tokenizer, one, tokenizer2, two, pooledWidth(two), zeroesEmptyNegative(dir));
                } catch (RuntimeException e) {
                    one.close();
                    throw e;
                }
            }
        };
    }

    /**
     * A load error unless the UNet takes what the family gives it: SDXL's added conditioning
     * exactly when the folder is SDXL, and pooled embeddings as wide as the second encoder's.
     */
    static void checkUnet(ModelFamily family, Unet unet, PromptEncoder text, Path dir) {
        switch (family) {
            case SD1 -> {
                if (unet.added().isPresent()) {
                    throw new ModelLoadException(dir + ": the unet takes text_embeds and time_ids (an SDXL UNet) but"
                            + " text_encoder_2/model.onnx and tokenizer_2/ are missing");
                }
            }
            case SDXL -> {
                AddedConditioning added = unet.added()
                        .orElseThrow(() -> new ModelLoadException(dir + " has text_encoder_2/ (SDXL) but its unet"
                                + " takes no text_embeds and time_ids: an unknown layout"));
                if (added.pooledWidth() != text.pooledWidth()) {
                    throw new ModelLoadException(dir + ": the unet takes " + added.pooledWidth()
                            + " text_embeds values but text_encoder_2 gives " + text.pooledWidth());
                }
            }
        }
    }

    /** The declared width of {@code text_embeds}, or SDXL's 1280 when the export leaves it symbolic. */
    private static int pooledWidth(TextEncoder encoder) {
        return encoder.pooledWidth().orElse(AddedConditioning.DEFAULT_POOLED_WIDTH);
    }

    /** model_index.json's {@code force_zeros_for_empty_prompt}; true, diffusers' SDXL default, when absent. */
    private static boolean zeroesEmptyNegative(Path dir) {
        Path index = dir.resolve("model_index.json");
        if (!Files.isRegularFile(index)) {
            return true;
        }
        try {
            JsonNode json = JsonMapper.shared().readTree(Files.readString(index));
            return json.path("force_zeros_for_empty_prompt").asBoolean(true);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot read " + index + ": " + e.getMessage(), e);
        }
    }
}
