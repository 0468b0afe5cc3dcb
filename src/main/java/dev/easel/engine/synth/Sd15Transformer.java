package dev.easel.engine.synth;

import static dev.easel.engine.synth.OnnxGraph.attr;
import static dev.easel.engine.synth.OnnxGraph.attrInts;

import java.util.List;

/**
 * Transformer2DModel as SD 1.5 configures it: conv projections (no linear projection), one
 * BasicTransformerBlock of self-attention, cross-attention to the text context and a GEGLU
 * feed-forward, each pre-normed with a residual. SDXL's configuration ({@link #sdxl}) projects
 * linearly, stacks several blocks and uses heads of 64 channels.
 */
final class Sd15Transformer {
    private static final float NORM_EPS = 1e-6f;
    private static final int FF_MULT = 4;

    private final Sd15Layers layers;
    private final OnnxGraph g;
    private final String context;
    private final int contextDim;
    /** Channels per head; 0 for SD 1.5's rule (8 heads where they divide the width). */
    private final int headDim;

    private final boolean linearProjection;

    /** @param context the encoder_hidden_states input, [B, S, contextDim] */
    Sd15Transformer(Sd15Layers layers, String context, int contextDim) {
        this(layers, context, contextDim, 0, false);
    }

    private Sd15Transformer(Sd15Layers layers, String context, int contextDim, int headDim, boolean linearProjection) {
        this.layers = layers;
        this.g = layers.graph();
        this.context = context;
        this.contextDim = contextDim;
        this.headDim = headDim;
        this.linearProjection = linearProjection;
    }

    /** SDXL's: linear projections in and out, heads of 64 channels. */
    static Sd15Transformer sdxl(Sd15Layers layers, String context, int contextDim) {
        return new Sd15Transformer(layers, context, contextDim, 64, true);
    }

    Feature apply(Feature x, String name) {
        return apply(x, name, 1);
    }

    /** The transformer with {@code depth} blocks. */
    Feature apply(Feature x, String name, int depth) {
        int c = x.channels();
        String h = layers.groupNorm(x.value(), name + ".norm", c, NORM_EPS);
        if (!linearProjection) {
            h = layers.conv(h, name + ".proj_in", c, c, 1);
        }
        // [B, C, H, W] → [B, H·W, C]: one token per latent pixel.
        String tokens =
                g.op("Transpose", List.of(g.op("Reshape", h, layers.constant(0, c, -1))), attrInts("perm", 0, 2, 1));
        if (linearProjection) {
            tokens = layers.linear(tokens, name + ".proj_in", c, c, true);
        }
        for (int d = 0; d < depth; d++) {
            tokens = block(tokens, name + ".transformer_blocks." + d, c);
        }
        if (linearProjection) {
            tokens = layers.linear(tokens, name + ".proj_out", c, c, true);
        }
        String back = g.op("Transpose", List.of(tokens), attrInts("perm", 0, 2, 1));
        h = g.op("Reshape", back, g.op("Shape", x.value()));
        if (!linearProjection) {
            h = layers.conv(h, name + ".proj_out", c, c, 1);
        }
        return new Feature(g.op("Add", h, x.value()), c);
    }

    private String block(String t, String name, int c) {
        String self = layers.layerNorm(t, name + ".norm1", c);
        t = g.op("Add", attention(self, self, c, name + ".attn1", c), t);
        String cross = layers.layerNorm(t, name + ".norm2", c);
        t = g.op("Add", attention(cross, context, contextDim, name + ".attn2", c), t);
        String ff = layers.layerNorm(t, name + ".norm3", c);
        return g.op("Add", feedForward(ff, name + ".ff", c), t);
    }

    /** Multi-head scaled dot-product attention; q/k/v without bias, output projection with. */
    private String attention(String x, String kv, int kvDim, String name, int c) {
        int heads = headDim > 0 ? c / headDim : UnetWidths.heads(c);
        int headDim = c / heads;
        String q = layers.linear(x, name + ".to_q", c, c, false);
        String k = layers.linear(kv, name + ".to_k", kvDim, c, false);
        String v = layers.linear(kv, name + ".to_v", kvDim, c, false);
        // Scaling q (N·d values) is cheaper than scaling the N·M score matrix.
        q = g.op("Mul", q, layers.scalar((float) (1.0 / Math.sqrt(headDim))));
        String qh = splitHeads(q, heads, headDim, 0, 2, 1, 3);
        String kh = splitHeads(k, heads, headDim, 0, 2, 3, 1);
        String vh = splitHeads(v, heads, headDim, 0, 2, 1, 3);
        String probs = g.op("Softmax", List.of(g.op("MatMul", qh, kh)), attr("axis", -1L));
        String merged = g.op("Transpose", List.of(g.op("MatMul", probs, vh)), attrInts("perm", 0, 2, 1, 3));
        String out = g.op("Reshape", merged, layers.constant(0, 0, c));
        return layers.linear(out, name + ".to_out.0", c, c, true);
    }

    /** [B, N, C] → [B, N, heads, d] → transposed by {@code perm} ([B, h, N, d] or [B, h, d, N]). */
    private String splitHeads(String x, int heads, int headDim, long... perm) {
        String split = g.op("Reshape", x, layers.constant(0, 0, heads, headDim));
        return g.op("Transpose", List.of(split), attrInts("perm", perm));
    }

    /** GEGLU: project to 2×4C, gate one half by GELU of the other, project back to C. */
    private String feedForward(String x, String name, int c) {
        int inner = FF_MULT * c;
        String proj = layers.linear(x, name + ".net.0.proj", c, 2 * inner, true);
        String hidden = g.fresh("geglu_hidden");
        String gate = g.fresh("geglu_gate");
        g.node("Split", List.of(proj, layers.constant(inner, inner)), List.of(hidden, gate), attr("axis", -1L));
        String gated = g.op("Mul", hidden, layers.gelu(gate));
        return layers.linear(gated, name + ".net.2", inner, c, true);
    }
}
