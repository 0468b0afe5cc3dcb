package dev.easel.engine.synth;

import static dev.easel.engine.synth.OnnxGraph.attr;
import static dev.easel.engine.synth.OnnxGraph.attrInts;

import dev.easel.engine.synth.OnnxGraph.Type;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code tiny} model's UNet, VAE and TAESD graphs: the real exports' names, dtypes and dynamic
 * shapes around a few small seeded-random convolutions, so every pipeline path runs in
 * milliseconds. The pictures mean nothing; determinism, shapes and data flow are what it tests.
 */
public final class TinyGraphs {
    private static final int WIDTH = 8;

    private TinyGraphs() {}

    /** diffusers-script style UNet: {@code timestep} float [batch]. */
    static void unet(Path dir, long seed) throws IOException {
        unet(dir, seed, 4);
    }

    /**
     * @param inChannels 4, or 9 for an inpainting UNet (sample, mask, masked-image latents)
     */
    public static void unet(Path dir, long seed, int inChannels) throws IOException {
        unet(dir, seed, inChannels, UnetKind.SD1);
    }

    /**
     * The inputs a tiny UNet declares: SD 1.x's (a float [batch] timestep, a 768-wide context),
     * SD 2.x / SD-Turbo's as optimum exports them (an int64 scalar timestep, 1024 wide), or
     * SDXL's (2048 wide, plus {@code text_embeds} [batch, 1280] and {@code time_ids} [batch, 6]).
     */
    enum UnetKind {
        SD1(TextEncoderGraph.HIDDEN),
        SD2(1024),
        SDXL(2048);

        final int contextDim;

        UnetKind(int contextDim) {
            this.contextDim = contextDim;
        }
    }

    static void unet(Path dir, long seed, int inChannels, UnetKind kind) throws IOException {
        unet(dir, seed, inChannels, kind, false);
    }

    /**
     * @param ipAdapter whether the UNet takes the IP-Adapter's {@code image_embeds} and
     *     {@code ipadapter_scale} ({@link IpAdapterGraphs#adapterTerm}); its other weights are the
     *     same either way
     */
    static void unet(Path dir, long seed, int inChannels, UnetKind kind, boolean ipAdapter) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        int contextDim = kind.contextDim;
        try (OnnxGraph g = new OnnxGraph("unet")) {
            String sample = g.input("sample", Type.FLOAT, "batch", (long) inChannels, "height", "width");
            String timestep = kind == UnetKind.SD2
                    ? g.op("Cast", List.of(g.input("timestep", Type.INT64)), attr("to", (long) Type.FLOAT.code))
                    : g.input("timestep", Type.FLOAT, "batch");
            String context = g.input("encoder_hidden_states", Type.FLOAT, "batch", "sequence", (long) contextDim);
            String pooled = g.op("ReduceMean", List.of(context), attrInts("axes", 1), attr("keepdims", 0L));
            String cond = g.op(
                    "MatMul", pooled, g.random("context_proj", rng, 1.0 / Math.sqrt(contextDim), contextDim, WIDTH));
            if (kind == UnetKind.SDXL) {
                cond = g.op("Add", cond, addedConditioning(g, rng));
            }
            if (ipAdapter) {
                cond = g.op("Add", cond, IpAdapterGraphs.adapterTerm(g, seed + 100, WIDTH));
            }
            String cond4 = g.op("Unsqueeze", cond, g.ints(2, 3));
            // A scalar timestep (SD2) becomes [1, 1, 1, 1], a [batch] one [batch, 1, 1, 1].
            String t = g.op(
                    "Unsqueeze",
                    g.op("Div", timestep, g.scalar(1000f)),
                    kind == UnetKind.SD2 ? g.ints(0, 1, 2, 3) : g.ints(1, 2, 3));
            String time = g.op("Mul", t, g.random("time_proj", rng, 1.0, 1, WIDTH, 1, 1));
            String h = conv3(g, rng, sample, inChannels, WIDTH, "conv_in");
            h = g.op("Tanh", g.op("Add", g.op("Add", h, cond4), time));
            String out = conv3(g, rng, h, WIDTH, 4, "conv_out");
            g.identity(out, "out_sample");
            g.output("out_sample", Type.FLOAT, "batch", 4L, "height", "width");
            g.save(dir.resolve("model.onnx"));
        }
    }

    /**
     * SDXL's added conditioning mixed into the tiny UNet: projections of {@code text_embeds} and
     * of {@code time_ids} (divided by 1024, so pixel sizes stay near 1), [batch, WIDTH].
     */
    private static String addedConditioning(OnnxGraph g, SplittableRandom rng) {
        String embeds = g.input("text_embeds", Type.FLOAT, "batch", 1280L);
        String ids = g.input("time_ids", Type.FLOAT, "batch", 6L);
        String text = g.op("MatMul", embeds, g.random("text_embeds_proj", rng, 1.0 / Math.sqrt(1280), 1280, WIDTH));
        String size = g.op("MatMul", g.op("Div", ids, g.scalar(1024f)), g.random("time_ids_proj", rng, 0.5, 6, WIDTH));
        return g.op("Add", text, size);
    }

    static void vaeDecoder(Path dir, long seed) throws IOException {
        vaeDecoder(dir, seed, "latent_height", "latent_width");
    }

    /**
     * The tiny decoder exported for one latent size only ({@code side}×{@code side}), as some
     * exporters fix the input shape: such a decoder cannot decode a crop of the latents.
     */
    public static void fixedSizeVaeDecoder(Path dir, long seed, long side) throws IOException {
        vaeDecoder(dir, seed, side, side);
    }

    private static void vaeDecoder(Path dir, long seed, Object height, Object width) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        try (OnnxGraph g = new OnnxGraph("vae_decoder")) {
            String latent = g.input("latent_sample", Type.FLOAT, "batch", 4L, height, width);
            String rgb =
                    g.op("Conv", latent, g.random("conv", rng, 0.5, 3, 4, 1, 1), g.init("conv_b", new float[3], 3));
            String up = upsample8(g, rgb, "nearest");
            g.identity(g.op("Tanh", up), "sample");
            g.output("sample", Type.FLOAT, "batch", 3L, "height", "width");
            g.save(dir.resolve("model.onnx"));
        }
    }

    /** Emits a single {@code latent_sample}, like the diffusers script's export. */
    static void vaeEncoder(Path dir, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        try (OnnxGraph g = new OnnxGraph("vae_encoder")) {
            String pixels = g.input("sample", Type.FLOAT, "batch", 3L, "height", "width");
            String pooled =
                    g.op("AveragePool", List.of(pixels), attrInts("kernel_shape", 8, 8), attrInts("strides", 8, 8));
            String latent =
                    g.op("Conv", pooled, g.random("conv", rng, 0.5, 4, 3, 1, 1), g.init("conv_b", new float[4], 4));
            g.identity(latent, "latent_sample");
            g.output("latent_sample", Type.FLOAT, "batch", 4L, "latent_height", "latent_width");
            g.save(dir.resolve("model.onnx"));
        }
    }

    /** A TAESD-style decoder (Conv, Relu, Resize, Tanh only), output in [-1, 1]. */
    public static void taesdDecoder(Path dir, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        try (OnnxGraph g = new OnnxGraph("taesd_decoder")) {
            String latent = g.input("latent_sample", Type.FLOAT, "batch", 4L, "latent_height", "latent_width");
            String h = g.op("Relu", conv3(g, rng, latent, 4, WIDTH, "conv1"));
            h = upsample8(g, h, "nearest");
            g.identity(g.op("Tanh", conv3(g, rng, h, WIDTH, 3, "conv2")), "sample");
            g.output("sample", Type.FLOAT, "batch", 3L, "height", "width");
            g.save(dir.resolve("model.onnx"));
        }
    }

    /**
     * A safety checker with the standard export's names and shapes ({@code clip_input},
     * {@code images} in; {@code out_images}, {@code has_nsfw_concepts} out) whose verdict is
     * whether the mean of the CLIP input passes {@code threshold} (so tests pick: always, never,
     * or bright pictures).
     */
    public static void safetyChecker(Path dir, float threshold) throws IOException {
        try (OnnxGraph g = new OnnxGraph("safety_checker")) {
            String clip = g.input("clip_input", Type.FLOAT, "batch", 3L, 224L, 224L);
            String images = g.input("images", Type.FLOAT, "batch", "height", "width", 3L);
            g.identity(images, "out_images");
            String mean = g.op(
                    "ReduceMean", List.of(clip), OnnxGraph.attrInts("axes", 1, 2, 3), OnnxGraph.attr("keepdims", 0));
            g.identity(g.op("Greater", mean, g.scalar(threshold)), "has_nsfw_concepts");
            g.output("out_images", Type.FLOAT, "batch", "height", "width", 3L);
            g.output("has_nsfw_concepts", Type.BOOL, "batch");
            g.save(dir.resolve("model.onnx"));
        }
    }

    /**
     * An image classifier in the Hugging Face export layout ({@code pixel_values} in,
     * {@code logits} out, {@code config.json} with {@code id2label}, {@code preprocessor_config.json})
     * whose logits are {@code logits} whatever the picture.
     */
    public static void imageClassifier(Path dir, List<String> labels, float[] logits) throws IOException {
        try (OnnxGraph g = new OnnxGraph("image_classifier")) {
            String pixels = g.input("pixel_values", Type.FLOAT, "batch", 3L, 224L, 224L);
            String mean = g.op(
                    "ReduceMean", List.of(pixels), OnnxGraph.attrInts("axes", 1, 2, 3), OnnxGraph.attr("keepdims", 1));
            String flat = g.op("Reshape", mean, g.initInt64(g.fresh("shape"), new long[] {-1, 1}, 2));
            String zero = g.init(g.fresh("w"), new float[labels.size()], 1, labels.size());
            String scaled = g.op("MatMul", flat, zero);
            g.identity(g.op("Add", scaled, g.init(g.fresh("b"), logits, labels.size())), "logits");
            g.output("logits", Type.FLOAT, "batch", (long) labels.size());
            g.save(dir.resolve("model.onnx"));
        }
        StringBuilder id2label = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            id2label.append(i == 0 ? "" : ", ")
                    .append('"')
                    .append(i)
                    .append("\": \"")
                    .append(labels.get(i))
                    .append('"');
        }
        java.nio.file.Files.writeString(dir.resolve("config.json"), "{\"id2label\": {" + id2label + "}}");
        java.nio.file.Files.writeString(
                dir.resolve("preprocessor_config.json"),
                "{\"size\": {\"height\": 224, \"width\": 224}, \"image_mean\": [0.5, 0.5, 0.5],"
                        + " \"image_std\": [0.5, 0.5, 0.5]}");
    }

    /**
     * A BERT-style text classifier in the Hugging Face export layout ({@code input_ids},
     * {@code attention_mask}, {@code token_type_ids} in, {@code logits} out; labels
     * {@code [neutral, toxic]}; a WordPiece {@code tokenizer.json} over {@code words}) that finds a
     * text toxic when it holds the piece {@code flagged}.
     */
    public static void textClassifier(Path dir, List<String> words, String flagged) throws IOException {
        java.util.Map<String, Integer> vocab = new java.util.LinkedHashMap<>();
        for (String special : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")) {
            vocab.put(special, vocab.size());
        }
        for (String word : words) {
            vocab.putIfAbsent(word, vocab.size());
        }
        Integer flag = vocab.get(flagged);
        if (flag == null) {
            throw new IllegalArgumentException(flagged + " is not among the words");
        }
        try (OnnxGraph g = new OnnxGraph("text_classifier")) {
            String ids = g.input("input_ids", Type.INT64, "batch", "sequence");
            g.input("attention_mask", Type.INT64, "batch", "sequence");
            g.input("token_type_ids", Type.INT64, "batch", "sequence");
            String hit = g.op("Equal", ids, g.initInt64(g.fresh("flag"), new long[] {flag}));
            String present = g.op(
                    "ReduceMax",
                    List.of(g.op("Cast", List.of(hit), OnnxGraph.attr("to", 1L))),
                    OnnxGraph.attrInts("axes", 1),
                    OnnxGraph.attr("keepdims", 1));
            String scaled = g.op("MatMul", present, g.init(g.fresh("w"), new float[] {0f, 10f}, 1, 2));
            g.identity(g.op("Add", scaled, g.init(g.fresh("b"), new float[] {0f, -5f}, 2)), "logits");
            g.output("logits", Type.FLOAT, "batch", 2L);
            g.save(dir.resolve("model.onnx"));
        }
        java.nio.file.Files.writeString(
                dir.resolve("config.json"), "{\"id2label\": {\"0\": \"neutral\", \"1\": \"toxic\"}}");
        StringBuilder entries = new StringBuilder();
        vocab.forEach((word, id) -> entries.append(entries.isEmpty() ? "" : ", ")
                .append('"')
                .append(word)
                .append("\": ")
                .append(id));
        java.nio.file.Files.writeString(
                dir.resolve("tokenizer.json"),
                "{\"normalizer\": {\"type\": \"BertNormalizer\", \"lowercase\": true}, \"model\": {\"type\":"
                        + " \"WordPiece\", \"unk_token\": \"[UNK]\", \"continuing_subword_prefix\": \"##\","
                        + " \"max_input_chars_per_word\": 100, \"vocab\": {" + entries + "}}}");
    }

    static String conv3(OnnxGraph g, SplittableRandom rng, String x, int in, int out, String name) {
        String w = g.random(name + "_w", rng, 1.0 / Math.sqrt(in * 9.0), out, in, 3, 3);
        String b = g.init(name + "_b", new float[out], out);
        return g.op("Conv", List.of(x, w, b), attrInts("pads", 1, 1, 1, 1));
    }

    static String upsample8(OnnxGraph g, String x, String mode) {
        String scales = g.init(g.fresh("scales"), new float[] {1, 1, 8, 8}, 4);
        return g.op("Resize", List.of(x, "", scales), attr("mode", mode));
    }
}
