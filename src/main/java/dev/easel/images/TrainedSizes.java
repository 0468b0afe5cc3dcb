package dev.easel.images;

import dev.easel.engine.ModelInfo;
import java.util.List;

/**
 * OpenAI's sizes on a family trained at a fixed set of resolutions (SDXL): each of the sizes
 * OpenAI's image models offer maps to the trained resolution of the nearest aspect ratio, scaled to
 * the model's default area (1024² for SDXL; 512² for SDXL-Turbo, which halves every side). Square
 * sizes give the default size; {@code 1536x1024} gives 1216×832 on SDXL, {@code 1792x1024}
 * 1344×768. Any other size runs as asked, and every size runs as asked on a family without trained
 * sizes (SD 1.x/2.x).
 */
final class TrainedSizes {
    /** The sizes of OpenAI's image models (gpt-image-1's, dall-e-3's and dall-e-2's). */
    static final List<String> OPENAI =
            List.of("256x256", "512x512", "1024x1024", "1536x1024", "1024x1536", "1792x1024", "1024x1792");

    private TrainedSizes() {}

    /** {@code size} ({@code WxH}) as {@code info}'s model runs it: {width, height}. */
    static int[] of(String size, int width, int height, ModelInfo info) {
        List<int[]> trained = info.family().trainedSizes();
        if (trained.isEmpty() || !OPENAI.contains(size)) {
            return new int[] {width, height};
        }
        double wanted = Math.log((double) width / height);
        int[] best = trained.getFirst();
        for (int[] candidate : trained) {
            double distance = Math.abs(Math.log((double) candidate[0] / candidate[1]) - wanted);
            double bestDistance = Math.abs(Math.log((double) best[0] / best[1]) - wanted);
            if (distance < bestDistance) {
                best = candidate;
            }
        }
        int[] square = trained.getFirst();
        double scale =
                Math.sqrt((double) info.defaults().width() * info.defaults().height() / (square[0] * square[1]));
        return new int[] {roundTo8(best[0] * scale), roundTo8(best[1] * scale)};
    }

    private static int roundTo8(double side) {
        return Math.max(8, (int) Math.round(side / 8) * 8);
    }
}
