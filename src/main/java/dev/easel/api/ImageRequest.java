package dev.easel.api;

import dev.easel.engine.FinalDecoder;
import dev.easel.engine.InpaintArea;
import dev.easel.engine.RunOptions;
import dev.easel.engine.UnetPrecision;
import dev.easel.engine.sched.SchedulerKind;
import dev.easel.images.ImagePlan;
import dev.easel.media.OutputFormat;
import dev.easel.safety.moderation.ModerationLevel;
import dev.easel.wire.ApiException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A validated Images API request (generation or edit), OpenAI's fields plus Easel's documented
 * extensions ({@code seed}, {@code steps}, {@code guidance_scale}, {@code negative_prompt},
 * {@code scheduler}, and the speed options {@code unet_precision}, {@code final_decoder},
 * {@code guidance_interval}, and for masked edits {@code inpaint_area}; for edits with reference
 * images, {@code ip_adapter_scale}).
 *
 * <p>Every field and value of the official SDKs' image parameters is accepted. Those Easel cannot
 * honour as asked map to the nearest thing it makes, and the response reports what was made:
 * {@code quality} through {@link ImagePlan#preset}, {@code output_format} {@code gif} and
 * {@code svg} to {@code png} (a still raster image). {@code background} resolves as
 * {@link dev.easel.images.Background#resolve} says (transparent needs png or webp and the server's
 * matting model). {@code complexity}, {@code frame_count},
 * {@code frame_duration_ms}, {@code svg}, {@code moderation}, {@code style} and {@code user} are
 * validated and have no effect.
 *
 * @param size "auto" or "WxH"
 * @param quality one of {@link ImagePlan#QUALITIES}, resolved to a preset by the plan
 * @param safetyIdentifier echoed in the response, as OpenAI's does, when not empty
 * @param background as asked: "transparent", "opaque" or "auto"
 */
record ImageRequest(
        String prompt,
        Optional<String> model,
        int n,
        String size,
        String quality,
        OutputFormat outputFormat,
        int outputCompression,
        int partialImages,
        boolean stream,
        boolean urlResponse,
        Optional<Long> seed,
        Optional<Integer> steps,
        Optional<Double> guidanceScale,
        String negativePrompt,
        Optional<SchedulerKind> scheduler,
        String inputFidelity,
        Optional<String> safetyIdentifier,
        ModerationLevel moderation,
        RunOptions options,
        String background,
        Optional<Double> ipAdapterScale) {

    static final List<String> OPENAI_SIZES =
            List.of("auto", "256x256", "512x512", "1024x1024", "1536x1024", "1024x1536", "1792x1024", "1024x1792");
    static final int MAX_PROMPT = dev.easel.images.ImageFiles.MAX_PROMPT_CHARS;

    /** Reads the fields common to generations and edits; unknown fields are refused afterwards by the caller. */
    static ImageRequest read(Fields f, boolean edit) {
        String prompt = f.requiredString("prompt");
        if (prompt.isBlank()) {
            throw ApiException.invalid("prompt", "empty_string", "Invalid 'prompt': the prompt must not be empty.");
        }
        if (prompt.length() > MAX_PROMPT) {
            throw ApiException.invalid(
                    "prompt",
                    "string_above_max_length",
                    "Invalid 'prompt': string too long. Expected a " + "string with maximum length " + MAX_PROMPT
                            + ", but got a string with length " + prompt.length() + ".");
        }
        Optional<String> model = f.string("model");
        int n = f.integer("n", 1, 10).orElse(1L).intValue();
        String size = f.string("size").orElse("auto");
        if (!OPENAI_SIZES.contains(size) && !size.matches("\\d{1,5}x\\d{1,5}")) {
            throw ApiException.invalid(
                    "size",
                    "Invalid value: '" + size + "'. Supported values are: "
                            + String.join(
                                    ", ",
                                    OPENAI_SIZES.stream()
                                            .map(s -> "'" + s + "'")
                                            .toList())
                            + ", or 'WxH' with both sides multiples of 8 within the model's limits.");
        }
        String quality = f.choice("quality", ImagePlan.QUALITIES).orElse("auto");
        Optional<String> format = f.choice("output_format", List.of("png", "jpeg", "webp", "gif", "svg"));
        // gif and svg: a still PNG, reported as png (no animation or vector authoring here)
        OutputFormat outputFormat = OutputFormat.parse(
                format.filter(v -> !v.equals("gif") && !v.equals("svg")).orElse("png"));
        Optional<Long> compression = f.integer("output_compression", 0, 100);
        Optional<String> background = f.choice("background", List.of("transparent", "opaque", "auto"));
        Optional<String> moderation = f.choice("moderation", List.of("auto", "low"));
        f.choice("complexity", List.of("low", "medium", "high"));
        f.integer("frame_count", 2, 16);
        f.integer("frame_duration_ms", 0, Integer.MAX_VALUE);
        if (!edit) {
            f.object("svg");
        }
        Optional<Long> partial = f.integer("partial_images", 0, 3);
        boolean stream = f.bool("stream").orElse(false);
        Optional<String> responseFormat = f.choice("response_format", List.of("url", "b64_json"));
        f.choice("style", List.of("vivid", "natural"));
        f.string("user");
        Optional<String> safetyIdentifier = f.string("safety_identifier").filter(v -> !v.isEmpty());
        String fidelity =
                edit ? f.choice("input_fidelity", List.of("low", "high")).orElse("low") : "low";

        boolean gptImageOnly = format.isPresent()
                || compression.isPresent()
                || background.isPresent()
                || moderation.isPresent()
                || partial.isPresent()
                || stream;
        boolean dalle = model.filter(m -> m.startsWith("dall-e")).isPresent();
        // OpenAI: GPT image models always answer with b64_json; dall-e (the default when no model and
        // no GPT-image-only field is given) answers with URLs unless asked otherwise.
        boolean url = responseFormat.map("url"::equals).orElse(dalle || (model.isEmpty() && !gptImageOnly));
        if (stream && url && responseFormat.isPresent()) {
            throw ApiException.invalid(
                    "response_format", "Streaming returns images as b64_json; 'url' cannot be streamed.");
        }
        return new ImageRequest(
                prompt,
                model,
                n,
                size,
                quality,
                outputFormat,
                compression.orElse(100L).intValue(),
                partial.orElse(0L).intValue(),
                stream,
                url && !stream,
                f.integer("seed", 0, (1L << 53) - 1),
                f.integer("steps", 1, 150).map(Long::intValue),
                f.number("guidance_scale", 0, 30),
                f.string("negative_prompt").orElse(""),
                f.string("scheduler").map(ImageRequest::scheduler),
                fidelity,
                safetyIdentifier,
                moderation.map(ModerationLevel::parse).orElse(ModerationLevel.AUTO),
                options(f),
                background.orElse("auto"),
                f.number("ip_adapter_scale", 0, dev.easel.engine.ImagePrompt.MAX_SCALE));
    }

    /** The speed options a request may ask for (Easel extensions; absent ones take the configured defaults). */
    static RunOptions options(Fields f) {
        Optional<UnetPrecision> precision =
                f.choice("unet_precision", List.of("fp32", "int8")).map(UnetPrecision::parse);
        Optional<FinalDecoder> decoder =
                f.choice("final_decoder", List.of("vae", "taesd")).map(FinalDecoder::parse);
        Optional<Double> interval = f.number("guidance_interval", 0, 1);
        if (interval.isPresent() && interval.get() <= 0) {
            throw ApiException.invalid(
                    "guidance_interval", "Invalid 'guidance_interval': it must be above 0 and at most 1.");
        }
        Optional<InpaintArea> area = f.choice("inpaint_area", List.of("whole_picture", "around_mask"))
                .map(InpaintArea::parse);
        return new RunOptions(
                precision, decoder, interval.map(OptionalDouble::of).orElse(OptionalDouble.empty()), area);
    }

    ImagePlan.Ask ask() {
        return new ImagePlan.Ask(size, quality, steps, seed);
    }

    ImagePlan.Render render() {
        return new ImagePlan.Render(prompt, negativePrompt, guidanceScale, scheduler, partialImages, n, options);
    }

    private static SchedulerKind scheduler(String name) {
        try {
            return SchedulerKind.parse(name);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("scheduler", e.getMessage());
        }
    }
}
