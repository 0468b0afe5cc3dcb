package dev.easel.api;

import dev.easel.engine.ImageJob;
import dev.easel.engine.Init;
import dev.easel.engine.ModelDefaults;
import dev.easel.engine.ModelInfo;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a validated request into engine jobs for one local model: the size ("auto" is the model's
 * default, or the source image's for edits), the steps (quality presets around the model's
 * default, or the explicit {@code steps} extension), guidance, scheduler, and one seed per image
 * (seed, seed+1, …).
 *
 * <p>Quality presets, relative to the model's default step count d: low = max(1, round(d/2)),
 * medium and auto = d, high = round(1.5·d).
 */
record ImagePlan(int width, int height, int steps, String quality, long seed) {

    static ImagePlan of(ImageRequest request, ModelInfo info, int autoWidth, int autoHeight) {
        int w;
        int h;
        if (request.size().equals("auto")) {
            w = autoWidth;
            h = autoHeight;
        } else {
            String[] parts = request.size().split("x");
            w = Integer.parseInt(parts[0]);
            h = Integer.parseInt(parts[1]);
        }
        if (w % 8 != 0 || h % 8 != 0 || w < info.minSize() || h < info.minSize() || w > info.maxSize() || h > info.maxSize()) {
            throw ApiError.invalid("size", "Invalid 'size': " + w + "x" + h + " is not available for model '" + info.name()
                    + "'; sides must be multiples of 8 from " + info.minSize() + " to " + info.maxSize() + ".");
        }
        ModelDefaults d = info.defaults();
        String resolved = request.quality().equals("auto") ? "medium" : request.quality();
        int steps = request.steps().orElse(switch (resolved) {
            case "low" -> Math.max(1, Math.round(d.steps() / 2f));
            case "high" -> Math.round(d.steps() * 1.5f);
            default -> d.steps();
        });
        long seed = request.seed().orElseGet(() -> new SecureRandom().nextLong() & ((1L << 53) - 1));
        return new ImagePlan(w, h, steps, resolved, seed);
    }

    String size() {
        return width + "x" + height;
    }

    List<ImageJob> jobs(ImageRequest request, ModelInfo info, Init init) {
        List<ImageJob> jobs = new ArrayList<>();
        for (int i = 0; i < request.n(); i++) {
            jobs.add(new ImageJob(
                    request.prompt(),
                    request.negativePrompt(),
                    width,
                    height,
                    steps,
                    request.guidanceScale().orElse(info.defaults().guidanceScale()),
                    seed + i,
                    request.scheduler(),
                    request.partialImages(),
                    init));
        }
        return jobs;
    }
}
