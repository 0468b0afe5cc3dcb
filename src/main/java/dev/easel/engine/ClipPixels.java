package dev.easel.engine;

import dev.easel.media.Resampling;
import dev.easel.media.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CLIP's view of a picture, as transformers' {@code CLIPImageProcessor} makes it: shortest side to
 * {@code size}, centre crop, scaled to [0, 1], normalised by {@code mean} and {@code std} per
 * channel, planar [3, size, size]. Read from a {@code preprocessor_config.json} when the folder has
 * one, else CLIP's defaults (224, OpenAI CLIP's mean and deviation). Shared by the safety checker
 * and the IP-Adapter image encoder.
 */
record ClipPixels(int size, float[] mean, float[] std) {
    static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};
    static final ClipPixels DEFAULT = new ClipPixels(224, CLIP_MEAN, CLIP_STD);

    /** The first of {@code configs} that exists, else {@link #DEFAULT}. */
    static ClipPixels read(Path... configs) {
        for (Path config : configs) {
            if (!Files.exists(config)) {
                continue;
            }
            try {
                JsonNode c = JsonMapper.shared().readTree(Files.readString(config));
                JsonNode crop = c.path("crop_size");
                int size = crop.isInt() ? crop.asInt() : crop.path("height").asInt(224);
                return new ClipPixels(
                        size, floats(c.path("image_mean"), CLIP_MEAN), floats(c.path("image_std"), CLIP_STD));
            } catch (IOException | RuntimeException e) {
                throw new ModelLoadException("cannot read " + config + ": " + e.getMessage(), e);
            }
        }
        return DEFAULT;
    }

    private static float[] floats(JsonNode node, float[] otherwise) {
        if (!node.isArray() || node.size() != 3) {
            return otherwise;
        }
        return new float[] {
            (float) node.get(0).asDouble(),
            (float) node.get(1).asDouble(),
            (float) node.get(2).asDouble()
        };
    }

    /** The picture as CLIP sees it, planar [3, size, size]. */
    float[] planar(RgbImage image) {
        double scale = (double) size / Math.min(image.width(), image.height());
        int w = Math.max(size, (int) Math.round(image.width() * scale));
        int h = Math.max(size, (int) Math.round(image.height() * scale));
        RgbImage resized = Resampling.resize(image, w, h);
        int left = (w - size) / 2;
        int top = (h - size) / 2;
        float[] out = new float[3 * size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    float v = resized.at(left + x, top + y, c) / 255f;
                    out[c * size * size + y * size + x] = (v - mean[c]) / std[c];
                }
            }
        }
        return out;
    }
}
