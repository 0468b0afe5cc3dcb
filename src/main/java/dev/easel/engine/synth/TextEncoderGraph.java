package dev.easel.engine.synth;

import static dev.easel.engine.synth.OnnxGraph.attr;
import static dev.easel.engine.synth.OnnxGraph.attrInts;

import dev.easel.engine.synth.OnnxGraph.Type;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A CLIP-text-encoder-shaped graph: {@code input_ids} [batch, 77] → {@code last_hidden_state}
 * [batch, 77, 768] and {@code pooler_output} [batch, 768] (other widths for SD 2.x and SDXL; for
 * SDXL also optimum's {@code hidden_states.i} per layer and, for the second encoder,
 * {@code text_embeds} in place of the pooler output). Token embeddings come from a small seeded
 * table (ids folded modulo its size) projected to 768; a running mean over the tokens stands in
 * for causal attention, so every position (padding included) depends on the words before it, as
 * in the real encoder.
 */
final class TextEncoderGraph {
    static final int HIDDEN = 768;
    static final int TOKENS = 77;
    private static final int TABLE_ROWS = 1024;
    private static final int EMBED = 32;

    private TextEncoderGraph() {}

    /**
     * What sets one shape's encoder apart.
     *
     * @param idType the {@code input_ids} element type (exporters use int32 or int64)
     * @param silentIds token ids whose embedding is zero
     * @param positionStd spread of the position embeddings; 0 makes every position alike
     */
    record Variant(Type idType, int[] silentIds, double positionStd, int hidden, int layers, int projection) {
        Variant(Type idType, int[] silentIds, double positionStd) {
            this(idType, silentIds, positionStd, HIDDEN, 0, 0);
        }

        /** The diffusers script's int32 ids, and random behaviour everywhere. */
        static Variant random() {
            return new Variant(Type.INT32, new int[0], 0.1);
        }

        /** SD 2.x's encoder (OpenCLIP ViT-H, 1024 wide) with optimum's int64 ids. */
        static Variant sd2() {
            return new Variant(Type.INT64, new int[0], 0.1, 1024, 0, 0);
        }

        /**
         * optimum's export of SDXL's first encoder (CLIP ViT-L, 768 wide, 12 layers): also
         * {@code hidden_states.0 .. hidden_states.12}.
         */
        static Variant sdxlFirst() {
            return new Variant(Type.INT32, new int[0], 0.1, 768, 12, 0);
        }

        /**
         * optimum's export of SDXL's second encoder (OpenCLIP ViT-bigG, 1280 wide, 32 layers,
         * projected): {@code text_embeds} [batch, 1280] first, then the hidden states.
         */
        static Variant sdxlSecond() {
            return new Variant(Type.INT32, new int[0], 0.1, 1280, 32, 1280);
        }

        /**
         * optimum's int64 ids, with BOS/EOS/padding ({@code specialIds}) silenced and no position
         * term, so the demo's picture depends on the words alone.
         */
        static Variant wordsOnly(int[] specialIds) {
            return new Variant(Type.INT64, specialIds, 0.0);
        }
    }

    static void write(Path dir, long seed, Variant variant) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        try (OnnxGraph g = new OnnxGraph("text_encoder")) {
            String ids = g.input("input_ids", variant.idType(), "batch", (long) TOKENS);
            String ids64 = g.op("Cast", List.of(ids), attr("to", (long) Type.INT64.code));
            String folded = g.op("Mod", ids64, g.initInt64("rows", new long[] {TABLE_ROWS}));
            float[] rows = OnnxGraph.gaussian(rng, 1.0, TABLE_ROWS * EMBED);
            for (int id : variant.silentIds()) {
                java.util.Arrays.fill(rows, (id % TABLE_ROWS) * EMBED, (id % TABLE_ROWS + 1) * EMBED, 0f);
            }
            String table = g.init("token_embedding", rows, TABLE_ROWS, EMBED);
            String emb = g.op("Gather", List.of(table, folded), attr("axis", 0L));
            String pos = g.random("position_embedding", rng, variant.positionStd(), TOKENS, EMBED);
            String withPos = g.op("Add", emb, pos);
            String running = g.op("CumSum", withPos, g.initInt64("axis1", new long[] {1}));
            float[] counts = new float[TOKENS];
            for (int i = 0; i < TOKENS; i++) {
                counts[i] = i + 1;
            }
            String mean = g.op("Div", running, g.init("positions", counts, 1, TOKENS, 1));
            int width = variant.hidden();
            String proj = g.random("projection", rng, 1.0 / Math.sqrt(EMBED), EMBED, width);
            String base = g.op("MatMul", mean, proj);
            String hidden = g.op("Tanh", base);
            g.identity(hidden, "last_hidden_state");
            String pooled = g.op("ReduceMean", List.of(hidden), attrInts("axes", 1), attr("keepdims", 0L));
            if (variant.projection() > 0) {
                String projected = g.op(
                        "MatMul",
                        pooled,
                        g.random("text_projection", rng, 1.0 / Math.sqrt(width), width, variant.projection()));
                g.identity(projected, "text_embeds");
                g.output("text_embeds", Type.FLOAT, "batch", (long) variant.projection());
            } else {
                g.identity(pooled, "pooler_output");
            }
            g.output("last_hidden_state", Type.FLOAT, "batch", (long) TOKENS, (long) width);
            if (variant.projection() == 0) {
                g.output("pooler_output", Type.FLOAT, "batch", (long) width);
            }
            // Layer i's states: the same projection at a strength growing with depth, so every
            // layer (the penultimate that SDXL reads included) differs from the others.
            for (int i = 0; i <= variant.layers() && variant.layers() > 0; i++) {
                float strength = (i + 1f) / (variant.layers() + 1);
                String name = "hidden_states." + i;
                g.identity(g.op("Tanh", g.op("Mul", base, g.scalar(strength))), name);
                g.output(name, Type.FLOAT, "batch", (long) TOKENS, (long) width);
            }
            g.save(dir.resolve("model.onnx"));
        }
    }
}
