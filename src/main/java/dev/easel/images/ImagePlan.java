package dev.easel.images;

import dev.easel.engine.ImageJob;
import dev.easel.engine.Init;
import dev.easel.engine.ModelDefaults;
import dev.easel.engine.ModelInfo;
import dev.easel.engine.RunOptions;
import dev.easel.engine.sched.SchedulerKind;
import dev.easel.wire.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * How a request's images will be made on one local model: the size ("auto" is the model's default,
 * or the source image's for edits; OpenAI's sizes on SDXL are its nearest trained resolution,
 * {@link TrainedSizes}), the steps (quality presets around the model's default, or an
 * explicit count), and the first seed (image i uses seed + i). Shared by the Images API and the
 * Responses API's image_generation tool.
 *
 * <p>Quality presets, relative to the model's default step count d: low = max(1, round(d/2)),
 * medium and auto = d, high = round(1.5·d). OpenAI's other quality names map to the nearest preset:
 * dall-e's {@code standard} to medium and {@code hd} to high, the newer {@code xhigh} and
 * {@code max} to high; the plan's {@link #quality} is the preset that ran. No preset goes past the
 * most steps the model's scheduler runs ({@link ModelInfo#maxSteps}).
 */
public record ImagePlan(int width, int height, int steps, String quality, long seed) {
    /** Every {@code quality} of OpenAI's image APIs (the SDKs' enums, dall-e's included). */
    public static final List<String> QUALITIES =
            List.of("auto", "low", "medium", "high", "xhigh", "max", "standard", "hd");

    /** What a request asks for, before the model is known. */
    public record Ask(String size, String quality, Optional<Integer> steps, Optional<Long> seed) {}

    /** @param randomSeed the seed when the request gives none (the server's injected random source) */
    public static ImagePlan of(Ask ask, ModelInfo info, int autoWidth, int autoHeight, LongSupplier randomSeed) {
        int w;
        int h;
        if (ask.size().equals("auto")) {
            w = autoWidth;
            h = autoHeight;
        } else {
            String[] parts = ask.size().split("x");
            try {
                w = Integer.parseInt(parts[0]);
                h = Integer.parseInt(parts[1]);
            } catch (RuntimeException e) {
                throw ApiException.invalid("size", "invalid_value", "Invalid 'size': '" + ask.size() + "'.");
            }
            int[] run = TrainedSizes.of(ask.size(), w, h, info);
            w = run[0];
            h = run[1];
        }
        if (w % 8 != 0
                || h % 8 != 0
                || w < info.minSize()
                || h < info.minSize()
                || w > info.maxSize()
                || h > info.maxSize()) {
            throw ApiException.invalid(
                    "size",
                    "invalid_value",
                    "Invalid 'size': " + w + "x" + h
                            + " is not available for model '" + info.name() + "'; sides must be multiples of 8 from "
                            + info.minSize() + " to " + info.maxSize() + ".");
        }
        ModelDefaults d = info.defaults();
        String resolved = preset(ask.quality());
        if (ask.steps().isPresent() && ask.steps().get() > info.maxSteps()) {
            throw ApiException.invalid(
                    "steps",
                    "invalid_value",
                    "Invalid 'steps': " + ask.steps().get() + " is more than model '" + info.name()
                            + "' runs; its scheduler takes 1 to " + info.maxSteps() + " steps.");
        }
        // A preset never asks for more than the scheduler runs (high on a model that defaults to many).
        int steps = ask.steps()
                .orElse(Math.min(
                        info.maxSteps(),
                        switch (resolved) {
                            case "low" -> Math.max(1, Math.round(d.steps() / 2f));
                            case "high" -> Math.round(d.steps() * 1.5f);
                            default -> d.steps();
                        }));
        long seed = ask.seed().orElseGet(randomSeed::getAsLong);
        return new ImagePlan(w, h, steps, resolved, seed);
    }

    /** The preset (low, medium or high) that one of {@link #QUALITIES} runs as. */
    public static String preset(String quality) {
        return switch (quality) {
            case "low" -> "low";
            case "high", "hd", "xhigh", "max" -> "high";
            case "auto", "medium", "standard" -> "medium";
            default -> throw ApiException.invalid("quality", "invalid_value", "Invalid 'quality': '" + quality + "'.");
        };
    }

    /** The size for "auto" in an edit: the source's, rounded down to multiples of 8 and scaled into the model's range. */
    public static int[] autoSize(int width, int height, ModelInfo info) {
        double scale = Math.min(1.0, info.maxSize() / (double) Math.max(width, height));
        scale = Math.max(scale, info.minSize() / (double) Math.min(width, height));
        int w = Math.clamp((int) (width * scale) / 8 * 8, info.minSize(), info.maxSize());
        int h = Math.clamp((int) (height * scale) / 8 * 8, info.minSize(), info.maxSize());
        return new int[] {w, h};
    }

    /**
     * How far an edit may move from its source (everything outside a mask is kept exactly either
     * way). {@code input_fidelity: low}, the default, regenerates a masked area fully (strength 1)
     * and a whole picture at 0.75; {@code high} keeps the source's composition and detail: 0.5
     * inside a mask, 0.45 for a whole picture. Only int(steps × strength) steps run, so
     * high-fidelity edits also cost about half a fresh generation.
     */
    public static double editStrength(boolean masked, String inputFidelity) {
        boolean high = inputFidelity.equals("high");
        if (masked) {
            return high ? 0.5 : 1.0;
        }
        return high ? 0.45 : 0.75;
    }

    /**
     * The size both APIs report, also for {@code size: "auto"}: the image's real WxH, never
     * {@code auto}. When the image is one of the sizes of the SDKs' response enum
     * ({@code 1024x1024}, {@code 1024x1536}, {@code 1536x1024}) that is the enum's value; otherwise
     * it is what a client decoding the picture finds.
     */
    public String size() {
        return width + "x" + height;
    }

    /** Engine settings beyond the plan: prompts, guidance, scheduler, previews. */
    public record Render(
            String prompt,
            String negativePrompt,
            Optional<Double> guidanceScale,
            Optional<SchedulerKind> scheduler,
            int previews,
            int count,
            RunOptions options) {
        public Render(
                String prompt,
                String negativePrompt,
                Optional<Double> guidanceScale,
                Optional<SchedulerKind> scheduler,
                int previews,
                int count) {
            this(prompt, negativePrompt, guidanceScale, scheduler, previews, count, RunOptions.DEFAULTS);
        }
    }

    public List<ImageJob> jobs(Render render, ModelInfo info, Init init) {
        List<ImageJob> jobs = new ArrayList<>();
        for (int i = 0; i < render.count(); i++) {
            jobs.add(new ImageJob(
                    render.prompt(),
                    render.negativePrompt(),
                    width,
                    height,
                    steps,
                    render.guidanceScale().orElse(info.defaults().guidanceScale()),
                    seed + i,
                    render.scheduler(),
                    render.previews(),
                    init,
                    render.options()));
        }
        return jobs;
    }
}
