package dev.easel.engine.synth;

import static dev.easel.engine.synth.OnnxGraph.attr;
import static dev.easel.engine.synth.OnnxGraph.attrInts;

import dev.easel.engine.synth.OnnxGraph.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code tiny-ip-adapter} model's extra parts, with the real exports' names and shapes: an
 * image encoder ({@code image_encoder/}: {@code pixel_values} [batch, 3, 224, 224] →
 * {@code image_embeds} [batch, {@value #DIM}], CLIPVisionModelWithProjection's interface) and the
 * adapter term of the tiny UNet ({@code image_embeds} [batch, 1, {@value #DIM}] and
 * {@code ipadapter_scale} [1] in). The encoder is linear in the picture's mean colour, and the
 * UNet's term is scale · (image_embeds · W), bias-free, so zero embeddings (or strength 0) leave
 * the tiny UNet exactly as it is without the adapter.
 */
public final class IpAdapterGraphs {
    /** The embedding width (CLIP ViT-H's is 1024; tiny here). */
    public static final int DIM = 16;

    private IpAdapterGraphs() {}

    /**
     * image_embeds = mean over the pixels of pixel_values (per channel) · P, P [3, DIM] seeded
     * random: a reference's embedding is told by its mean colour.
     */
    public static void imageEncoder(Path dir, long seed) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom rng = new SplittableRandom(seed);
        try (OnnxGraph g = new OnnxGraph("image_encoder")) {
            String pixels = g.input("pixel_values", Type.FLOAT, "batch", 3L, 224L, 224L);
            String mean = g.op("ReduceMean", List.of(pixels), attrInts("axes", 2, 3), attr("keepdims", 0L));
            g.identity(g.op("MatMul", mean, g.random("visual_projection", rng, 1.0, 3, DIM)), "image_embeds");
            g.output("image_embeds", Type.FLOAT, "batch", (long) DIM);
            g.save(dir.resolve("model.onnx"));
        }
        Files.writeString(
                dir.resolve("config.json"),
                "{\"_class_name\": \"CLIPVisionModelWithProjection\", \"projection_dim\": " + DIM + "}\n");
    }

    /**
     * The adapter's term added to the tiny UNet's conditioning, [batch, width]: scale ·
     * (image_embeds · W), with its own seeded weights so the rest of the UNet is the tiny one's.
     */
    static String adapterTerm(OnnxGraph g, long seed, int width) {
        SplittableRandom rng = new SplittableRandom(seed);
        String embeds = g.input("image_embeds", Type.FLOAT, "batch", 1L, (long) DIM);
        String scale = g.input("ipadapter_scale", Type.FLOAT, 1L);
        String flat = g.op("Reshape", embeds, g.ints(-1, DIM));
        String projected = g.op("MatMul", flat, g.random("image_proj", rng, 2.0 / Math.sqrt(DIM), DIM, width));
        return g.op("Mul", projected, scale);
    }
}
