package dev.easel.engine.synth;

import static dev.easel.engine.synth.OnnxGraph.attr;

import java.util.List;

/**
 * The convolutional blocks of the SD 1.5 UNet: the time-conditioned resnet and the resamplers.
 * Parameter names follow diffusers' state-dict keys, which keeps the graph easy to compare.
 */
final class Sd15Blocks {
    private static final float RESNET_EPS = 1e-5f;

    private final Sd15Layers layers;
    private final OnnxGraph g;
    private final int timeEmbed;

    Sd15Blocks(Sd15Layers layers, int timeEmbed) {
        this.layers = layers;
        this.g = layers.graph();
        this.timeEmbed = timeEmbed;
    }

    /**
     * ResnetBlock2D: two GroupNorm → SiLU → Conv3×3 stages with the projected time embedding
     * added between them, plus a 1×1 shortcut conv when the width changes.
     *
     * @param tembSilu SiLU of the time embedding, [B, timeEmbed]; shared by every resnet
     */
    Feature resnet(Feature x, String name, int out, String tembSilu) {
        int in = x.channels();
        String h = layers.silu(layers.groupNorm(x.value(), name + ".norm1", in, RESNET_EPS));
        h = layers.conv(h, name + ".conv1", in, out, 3);
        String t = layers.linear(tembSilu, name + ".time_emb_proj", timeEmbed, out, true);
        h = g.op("Add", h, g.op("Unsqueeze", t, layers.constant(2, 3)));
        h = layers.silu(layers.groupNorm(h, name + ".norm2", out, RESNET_EPS));
        h = layers.conv(h, name + ".conv2", out, out, 3);
        String shortcut = in == out ? x.value() : layers.conv(x.value(), name + ".conv_shortcut", in, out, 1);
        return new Feature(g.op("Add", shortcut, h), out);
    }

    /** Downsample2D: a stride-2 3×3 conv at unchanged width. */
    Feature downsample(Feature x, String name) {
        int c = x.channels();
        return new Feature(layers.conv(x.value(), name + ".conv", c, c, 3, 2), c);
    }

    /** Upsample2D: nearest-neighbour ×2 (exact index doubling), then a 3×3 conv. */
    Feature upsample(Feature x, String name) {
        int c = x.channels();
        String scales = g.init(g.fresh("up_scales"), new float[] {1f, 1f, 2f, 2f}, 4);
        String up = g.op(
                "Resize",
                List.of(x.value(), "", scales),
                attr("mode", "nearest"),
                attr("coordinate_transformation_mode", "asymmetric"),
                attr("nearest_mode", "floor"));
        return new Feature(layers.conv(up, name + ".conv", c, c, 3), c);
    }

    /** The up path's skip connection: concatenate along channels, as torch.cat(dim=1). */
    Feature concat(Feature x, Feature skip) {
        String joined = g.op("Concat", List.of(x.value(), skip.value()), attr("axis", 1L));
        return new Feature(joined, x.channels() + skip.channels());
    }
}
