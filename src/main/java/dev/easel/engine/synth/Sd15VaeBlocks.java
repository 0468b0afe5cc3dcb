package dev.easel.engine.synth;

import static dev.easel.engine.synth.OnnxGraph.attr;
import static dev.easel.engine.synth.OnnxGraph.attrInts;

import java.util.List;

/**
 * The blocks of SD 1.5's AutoencoderKL: resnets without time conditioning, the single-head
 * spatial self-attention of the mid block, and the resamplers. Names follow diffusers' keys.
 */
final class Sd15VaeBlocks {
    /** diffusers' VAE uses eps 1e-6 in every GroupNorm, unlike the UNet's resnets (1e-5). */
    private static final float NORM_EPS = 1e-6f;

    private final Sd15Layers layers;
    private final OnnxGraph g;
    /** The UNet's nearest ×2 + conv upsampler is the VAE's too; no time embedding is involved. */
    private final Sd15Blocks unetBlocks;

    Sd15VaeBlocks(Sd15Layers layers) {
        this.layers = layers;
        this.g = layers.graph();
        this.unetBlocks = new Sd15Blocks(layers, 0);
    }

    /** ResnetBlock2D with temb_channels None: GroupNorm → SiLU → Conv3×3, twice, plus shortcut. */
    Feature resnet(Feature x, String name, int out) {
        int in = x.channels();
        String h = layers.silu(layers.groupNorm(x.value(), name + ".norm1", in, NORM_EPS));
        h = layers.conv(h, name + ".conv1", in, out, 3);
        h = layers.silu(layers.groupNorm(h, name + ".norm2", out, NORM_EPS));
        h = layers.conv(h, name + ".conv2", out, out, 3);
        String shortcut = in == out ? x.value() : layers.conv(x.value(), name + ".conv_shortcut", in, out, 1);
        return new Feature(g.op("Add", shortcut, h), out);
    }

    /** UNetMidBlock2D: resnet, attention, resnet at unchanged width. */
    Feature midBlock(Feature x, String name) {
        Feature h = resnet(x, name + ".resnets.0", x.channels());
        h = attention(h, name + ".attentions.0");
        return resnet(h, name + ".resnets.1", x.channels());
    }

    /**
     * One-head self-attention over all H·W pixels with a residual: the VAE's quadratic cost,
     * 4096² scores at a 64×64 latent.
     */
    Feature attention(Feature x, String name) {
        int c = x.channels();
        String h = layers.groupNorm(x.value(), name + ".group_norm", c, NORM_EPS);
        String tokens =
                g.op("Transpose", List.of(g.op("Reshape", h, layers.constant(0, c, -1))), attrInts("perm", 0, 2, 1));
        String q = layers.linear(tokens, name + ".to_q", c, c, true);
        String k = layers.linear(tokens, name + ".to_k", c, c, true);
        String v = layers.linear(tokens, name + ".to_v", c, c, true);
        // Scaling q (N·C values) is cheaper than scaling the N·N score matrix.
        q = g.op("Mul", q, layers.scalar((float) (1.0 / Math.sqrt(c))));
        String kt = g.op("Transpose", List.of(k), attrInts("perm", 0, 2, 1));
        String probs = g.op("Softmax", List.of(g.op("MatMul", q, kt)), attr("axis", -1L));
        String out = layers.linear(g.op("MatMul", probs, v), name + ".to_out.0", c, c, true);
        String back = g.op("Transpose", List.of(out), attrInts("perm", 0, 2, 1));
        h = g.op("Reshape", back, g.op("Shape", x.value()));
        return new Feature(g.op("Add", h, x.value()), c);
    }

    /** Downsample2D as diffusers' VAE does it: pad right and bottom by one, stride-2 3×3 conv. */
    Feature downsample(Feature x, String name) {
        int c = x.channels();
        return new Feature(layers.conv(x.value(), name + ".conv", c, c, 3, 2, 0, 0, 1, 1), c);
    }

    Feature upsample(Feature x, String name) {
        return unetBlocks.upsample(x, name);
    }

    /** conv_norm_out → SiLU → conv_out 3×3, the tail of both encoder and decoder. */
    String convOut(Feature x, String prefix, int out) {
        String h = layers.silu(layers.groupNorm(x.value(), prefix + ".conv_norm_out", x.channels(), NORM_EPS));
        return layers.conv(h, prefix + ".conv_out", x.channels(), out, 3);
    }
}
