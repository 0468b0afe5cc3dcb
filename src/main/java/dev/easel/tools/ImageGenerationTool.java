package dev.easel.tools;

import dev.easel.charts.ChartSpec;
import dev.easel.charts.ChartSpecException;
import dev.easel.charts.ChartSpecs;
import dev.easel.charts.Placement;
import dev.easel.charts.Poster;
import dev.easel.engine.EngineCaches;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.GenerationCancelledException;
import dev.easel.engine.ImagePrompt;
import dev.easel.engine.Init;
import dev.easel.engine.ModelInfo;
import dev.easel.engine.PreviewImage;
import dev.easel.engine.ReferenceSupport;
import dev.easel.engine.SourceImage;
import dev.easel.images.Background;
import dev.easel.images.ImageFiles;
import dev.easel.images.ImagePlan;
import dev.easel.images.ImageService;
import dev.easel.images.ImageTask;
import dev.easel.images.ImageTaskListener;
import dev.easel.images.ModelView;
import dev.easel.images.QueueFullException;
import dev.easel.json.Wire;
import dev.easel.media.Alpha;
import dev.easel.media.Mask;
import dev.easel.media.OutputFormat;
import dev.easel.media.Resampling;
import dev.easel.media.RgbImage;
import dev.easel.safety.moderation.ModerationLevel;
import dev.easel.safety.provenance.Claim;
import dev.easel.safety.provenance.DigitalSourceType;
import dev.easel.tools.planner.ChatMessage;
import dev.easel.tools.planner.FunctionSpec;
import dev.easel.tools.planner.ToolCall;
import dev.easel.wire.ApiException;
import dev.easel.wire.ImageTool;
import dev.easel.wire.ItemStatus;
import dev.easel.wire.OutputItem;
import dev.easel.wire.ResponseEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The {@code image_generation} tool: each call runs one image through the engine queue and emits
 * {@code output_item.added}, {@code image_generation_call.in_progress}, {@code .generating}, one
 * {@code .partial_image} per preview (the engine's real previews), {@code .completed}, then
 * {@code output_item.done} with the finished item. A call that fails ends as a failed item with
 * its {@code error}, then fails the turn.
 */
public final class ImageGenerationTool implements Tool {
    private static final Logger log = LoggerFactory.getLogger(ImageGenerationTool.class);
    /** The function the planner calls. */
    public static final String FUNCTION_NAME = "image_generation";

    static final FunctionSpec FUNCTION = new FunctionSpec(
            FUNCTION_NAME,
            "Generate an image, or edit the latest image in the conversation. Write a complete, detailed "
                    + "description of the picture to make as the prompt. Words and numbers that must be exact"
                    + " (a poster's title, a chart of data) go in 'headline' and 'chart', which are set over the"
                    + " generated scene exactly; do not put them in the prompt.",
            "{\"type\":\"object\",\"properties\":{"
                    + "\"prompt\":{\"type\":\"string\",\"description\":\"A detailed description of the image\"},"
                    + "\"headline\":{\"type\":\"string\",\"maxLength\":200,"
                    + "\"description\":\"exact text set in a real font over the image\"},"
                    + "\"headline_position\":{\"type\":\"string\",\"enum\":[\"top\",\"center\",\"bottom\"],"
                    + "\"default\":\"top\"},"
                    + "\"chart\":"
                    + ChartSpecs.JSON_SCHEMA.replace(
                            "\"additionalProperties\":false",
                            "\"additionalProperties\":false,"
                                    + "\"description\":\"an exact chart drawn over the lower half (the upper half when the headline is at the"
                                    + " bottom); width and height are the image's\"")
                    + "},\"required\":[\"prompt\"]}");

    private final ImageTool spec;
    private final String param;
    private final String model;
    /** The model as planned by: from its workers when the engine is remote. */
    private final ModelView view;

    private final ModelInfo info;
    private final ImageService images;
    private final EngineCaches caches;

    private ImageGenerationTool(
            ImageTool spec, String param, String model, ModelView view, ImageService images, EngineCaches caches) {
        this.spec = spec;
        this.param = param;
        this.model = model;
        this.view = view;
        this.info = view.info();
        this.images = images;
        this.caches = caches;
    }

    /**
     * The tool as {@code tools[index]} configured it, checked before anything runs: an unknown
     * model or a size the model cannot make is the same error as on the Images API, at
     * {@code tools[index].<field>}.
     */
    public static ImageGenerationTool of(ImageTool spec, int index, ImageService images, EngineCaches caches) {
        String param = "tools[" + index + "]";
        String model = images.models()
                .resolve(spec.model())
                .orElseThrow(() -> ApiException.modelNotFound(
                        param + ".model", spec.model().orElse("")));
        ModelView view = images.describe(model);
        ModelInfo info = view.info();
        try {
            ImagePlan.of(
                    new ImagePlan.Ask(spec.size(), spec.quality(), Optional.empty(), Optional.of(0L)),
                    info,
                    info.defaults().width(),
                    info.defaults().height(),
                    () -> 0L);
        } catch (ApiException e) {
            throw e.atParam(param + "." + e.param().orElse("size"));
        }
        if (spec.background().equals("transparent")) {
            try {
                Background.check(outputFormat(spec), view.canMatte());
            } catch (ApiException e) {
                throw e.atParam(param + ".background");
            }
        }
        return new ImageGenerationTool(spec, param, model, view, images, caches);
    }

    /**
     * Checked at create for an edit of an image that is not one of Easel's own (whose exact
     * latents may be reused): its pixels must be encoded, which needs the model's VAE encoder.
     */
    public void checkCanEncode() {
        if (!info.canEncodeImages()) {
            throw ApiException.invalid(
                    param + ".model", "Model '" + model + "' has no VAE encoder, so it cannot edit images.");
        }
    }

    /**
     * Checked at create for an edit whose input holds more images than the one edited: they steer
     * the picture through the model's IP-Adapter, so a model without one is a 400 at the first
     * reference's place in the input, as is a 16th reference (16 input images in all, as the
     * Images API takes).
     */
    public void checkReferences(java.util.List<ReferenceImage> references) {
        if (references.isEmpty()) {
            return;
        }
        if (view.references() instanceof ReferenceSupport.Unsupported(String reason)) {
            throw ApiException.invalid(
                    references.getFirst().param(),
                    reason + " The first input image is the one edited; send it alone, or use a model with an"
                            + " IP-Adapter.");
        }
        if (references.size() > ImagePrompt.MAX_REFERENCES) {
            throw ApiException.invalid(
                    references.get(ImagePrompt.MAX_REFERENCES).param(),
                    "Too many input images for one edit: " + (references.size() + 1) + "; at most "
                            + (ImagePrompt.MAX_REFERENCES + 1) + ".");
        }
    }

    @Override
    public java.util.List<FunctionSpec> functions() {
        return java.util.List.of(FUNCTION);
    }

    @Override
    public ToolResult call(ToolCall call, TurnContext turn) {
        String prompt = prompt(call, turn.messages());
        JsonNode args = arguments(call);
        Poster.Overlay overlay;
        try {
            overlay = overlay(args);
        } catch (ChartSpecException e) {
            return ToolResult.text("error: image_generation " + e.getMessage() + "; fix the arguments and call again");
        }
        if (!overlay.isEmpty() && turn.mask().isPresent()) {
            // Text or a chart set over a masked edit would change pixels outside the mask.
            return ToolResult.text("error: image_generation cannot set a headline or chart on a masked edit"
                    + " (it would change pixels outside the mask); call it again without them");
        }
        String id = turn.ids().imageCall();
        int index = turn.sink().nextOutputIndex();
        TurnSink sink = turn.sink();
        sink.emit(new ResponseEvent.OutputItemAdded(index, OutputItem.ImageGenerationCall.started(id)));
        sink.emit(new ResponseEvent.ImageGenerationCallInProgress(index, id));
        try {
            return generate(prompt, overlay, Optional.ofNullable(args.get("chart")), id, index, turn);
        } catch (GenerationCancelledException e) {
            throw e;
        } catch (ApiException e) {
            failed(id, index, sink, e);
            throw e;
        } catch (UnsupportedOperationException e) {
            // the model cannot do what the call needs (an edit on a model without a VAE encoder)
            ApiException refused = ApiException.invalid(param + ".model", e.getMessage());
            failed(id, index, sink, refused);
            throw refused;
        } catch (QueueFullException e) {
            ApiException busy = ApiException.rateLimited(e.getMessage(), e.retryAfterSeconds());
            failed(id, index, sink, busy);
            throw busy;
        } catch (RuntimeException e) {
            if (turn.cancel().isCancelled()) {
                // The response was cancelled or deleted meanwhile (its log may be gone): a stop, not a failure.
                log.debug("image_generation call {} stopped by a cancel: {}", id, e.toString());
                throw new GenerationCancelledException(0);
            }
            log.error("image_generation call {} failed", id, e);
            ApiException server = ApiException.server("The image could not be generated because of a server error.");
            failed(id, index, sink, server);
            throw server;
        }
    }

    private ToolResult generate(
            String prompt,
            Poster.Overlay overlay,
            Optional<JsonNode> chartArgs,
            String id,
            int index,
            TurnContext turn) {
        Optional<ConversationImage> source = turn.image();
        boolean edit = source.isPresent() && !spec.action().equals("generate");
        if (spec.action().equals("edit") && source.isEmpty()) {
            throw ApiException.invalid(
                    param + ".action",
                    "The image_generation tool's action is 'edit' but the conversation holds no image to edit.");
        }
        RgbImage sourcePixels = edit ? source.get().pixels().get() : null;
        int[] auto = edit
                ? ImagePlan.autoSize(sourcePixels.width(), sourcePixels.height(), info)
                : new int[] {info.defaults().width(), info.defaults().height()};
        ImagePlan plan = ImagePlan.of(
                new ImagePlan.Ask(spec.size(), spec.quality(), Optional.empty(), spec.seed()),
                info,
                auto[0],
                auto[1],
                turn.ids()::seed);
        Init init = edit ? editInit(sourcePixels, source.get().imageId(), turn.mask(), plan) : new Init.Noise();
        ImagePlan.Render render =
                new ImagePlan.Render(prompt, "", Optional.empty(), Optional.empty(), spec.partialImages(), 1);
        TurnSink sink = turn.sink();
        sink.emit(new ResponseEvent.ImageGenerationCallGenerating(index, id));
        OutputFormat format = outputFormat(spec);
        // auto follows the call's own prompt; previews are opaque whatever it gives (only the finished image is matted)
        Background background = Background.resolve(spec.background(), prompt, format, view.canMatte());
        // What the manifests say: an edit names its source (hashed once, for every partial image too).
        Claim.Origin origin = edit
                ? ImageFiles.editOf(sourcePixels, source.get().imageId().orElse("input image"))
                : ImageFiles.generated();
        ImageTaskListener listener = new ImageTaskListener() {
            @Override
            public void onPreview(int image, PreviewImage preview) {
                sink.emit(new ResponseEvent.ImageGenerationCallPartialImage(
                        index,
                        id,
                        preview.previewIndex(),
                        images.files()
                                .partialBase64(
                                        preview.image(),
                                        format,
                                        spec.outputCompression(),
                                        provenance(prompt, plan, origin)),
                        plan.size(),
                        plan.quality(),
                        Background.OPAQUE.apiName(),
                        format.apiName()));
            }
        };
        // The request's other input images steer the edit (checked at create: the model has an IP-Adapter).
        List<RgbImage> referencePixels =
                edit ? turn.references().stream().map(r -> r.pixels().get()).toList() : List.of();
        ImagePrompt references = referencePixels.isEmpty()
                ? new ImagePrompt.None()
                : new ImagePrompt.References(referencePixels, java.util.OptionalDouble.empty());
        GeneratedImage generated;
        try {
            ImageTask.Finish finish =
                    overlay.isEmpty() ? new ImageTask.Finish.AsMade() : new ImageTask.Finish.Overlaid(overlay);
            generated = images.submit(
                            new ImageTask(
                                    model,
                                    plan.jobs(render, info, init).stream()
                                            .map(job -> job.withImagePrompt(references))
                                            .toList(),
                                    ModerationLevel.parse(spec.moderation()),
                                    finish,
                                    background),
                            listener,
                            turn.cancel())
                    .join()
                    .getFirst();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        RgbImage finished = generated.image();
        String revised = overlay.isEmpty() ? prompt : prompt + "\n\n" + overlay.describe();
        var item = new OutputItem.ImageGenerationCall(
                id,
                ItemStatus.COMPLETED,
                Optional.of(background.apiName()),
                Optional.of(format.apiName()),
                Optional.of(plan.quality()),
                Optional.of(encode(
                        finished,
                        generated.alpha(),
                        format,
                        revised,
                        plan,
                        overlay.isEmpty() ? origin : composed(origin))),
                Optional.of(revised),
                Optional.of(plan.size()),
                Optional.of(edit ? "edit" : "generate"),
                Optional.empty(),
                overlay.chart().isPresent() ? chartArgs : Optional.empty());
        sink.emit(new ResponseEvent.ImageGenerationCallCompleted(index, id));
        sink.emit(new ResponseEvent.OutputItemDone(index, item));
        sink.output(item);
        if (overlay.isEmpty()) {
            // A composited image is not what its latents decode to: an edit of it starts from its pixels.
            caches.putImageLatents(id, generated.latents());
        }
        int sourceTokens = edit ? ImageFiles.imageTokens(sourcePixels.width(), sourcePixels.height()) : 0;
        int in = sourceTokens
                + referencePixels.stream()
                        .mapToInt(r -> ImageFiles.imageTokens(r.width(), r.height()))
                        .sum();
        int cached = generated.cacheUse().sourceLatentsReused() ? sourceTokens : 0;
        return new ToolResult(
                "The image was generated (" + id + ", " + plan.size()
                        + ") and is shown to the user. Do not repeat it; answer briefly.",
                in,
                cached,
                ImageFiles.imageTokens(plan.width(), plan.height()));
    }

    /** The format made: gif and svg are asked for as a still PNG (no animation or vector authoring here). */
    static OutputFormat outputFormat(ImageTool spec) {
        return switch (spec.outputFormat()) {
            case "gif", "svg" -> OutputFormat.PNG;
            default -> OutputFormat.parse(spec.outputFormat());
        };
    }

    private static void failed(String id, int index, TurnSink sink, ApiException e) {
        var item = OutputItem.ImageGenerationCall.failed(id, e.toErrorObject());
        sink.emit(new ResponseEvent.OutputItemDone(index, item));
        sink.output(item);
    }

    /**
     * The edit's start. A generated image at the planned size starts from its cached final
     * latents (no VAE round trip, exact); anything else from its pixels.
     */
    private Init editInit(RgbImage source, Optional<String> imageId, Optional<Mask> mask, ImagePlan plan) {
        boolean sameSize = source.width() == plan.width() && source.height() == plan.height();
        RgbImage start = sameSize ? source : Resampling.resize(source, plan.width(), plan.height());
        SourceImage sourceImage = imageId.filter(i -> sameSize)
                .flatMap(caches::imageLatents)
                .<SourceImage>map(latents -> new SourceImage.Known(start, latents))
                .orElse(new SourceImage.PixelsOnly(start));
        Init.MaskChoice choice = new Init.WholeImage();
        if (mask.isPresent()) {
            Mask m = mask.get();
            if (m.width() != source.width() || m.height() != source.height()) {
                throw ApiException.invalid(
                        param + ".input_image_mask",
                        "The mask is " + m.width() + "x" + m.height() + " but the image to edit is " + source.width()
                                + "x" + source.height() + ".");
            }
            choice = new Init.Masked(
                    m.width() == plan.width() && m.height() == plan.height()
                            ? m
                            : Resampling.resize(m, plan.width(), plan.height()));
        }
        double strength =
                ImagePlan.editStrength(mask.isPresent(), spec.inputFidelity().orElse("low"));
        return new Init.Edit(sourceImage, strength, choice);
    }

    private String encode(
            RgbImage image,
            Optional<Alpha> alpha,
            OutputFormat format,
            String prompt,
            ImagePlan plan,
            Claim.Origin origin) {
        return images.files().base64(image, alpha, format, spec.outputCompression(), provenance(prompt, plan, origin));
    }

    private ImageFiles.Provenance provenance(String prompt, ImagePlan plan, Claim.Origin origin) {
        return new ImageFiles.Provenance(prompt, "", plan.steps(), plan.seed(), model, origin);
    }

    /** Text or a chart set over the picture: a composite, whether it was generated or edited. */
    private static Claim.Origin composed(Claim.Origin origin) {
        return switch (origin) {
            case Claim.Created created -> ImageFiles.composed();
            case Claim.Edited edited ->
                new Claim.Edited(DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA, edited.source());
        };
    }

    /** The planner's arguments; an empty object when they are malformed (not the user's fault). */
    private static JsonNode arguments(ToolCall call) {
        try {
            JsonNode args = Wire.read(call.argumentsJson());
            return args != null && args.isObject() ? args : Wire.MAPPER.createObjectNode();
        } catch (RuntimeException e) {
            return Wire.MAPPER.createObjectNode();
        }
    }

    /** The exact text and chart the planner asked to set over the scene. */
    private static Poster.Overlay overlay(JsonNode args) {
        Optional<String> headline = Optional.empty();
        JsonNode h = args.get("headline");
        if (h != null && !h.isNull()) {
            if (!h.isString()) {
                throw new ChartSpecException("headline", "must be a string");
            }
            headline = Optional.of(h.asString());
        }
        Placement placement = Placement.TOP;
        JsonNode p = args.get("headline_position");
        if (p != null && !p.isNull()) {
            placement = switch (p.isString() ? p.asString() : "") {
                case "top" -> Placement.TOP;
                case "center" -> Placement.CENTER;
                case "bottom" -> Placement.BOTTOM;
                default -> throw new ChartSpecException("headline_position", "must be top, center or bottom");
            };
        }
        JsonNode c = args.get("chart");
        Optional<ChartSpec> chart = Optional.empty();
        if (c != null && !c.isNull()) {
            try {
                chart = Optional.of(ChartSpecs.parse(c));
            } catch (ChartSpecException e) {
                throw e.prefixed("chart");
            }
        }
        return new Poster.Overlay(headline, placement, chart);
    }

    /**
     * The planner's prompt argument, or the user's latest words when the planner sent none; at most
     * {@link ImageFiles#MAX_PROMPT_CHARS} of it, as the Images API takes, so a long input is not
     * repeated whole into the image's item, its events and the files.
     */
    private static String prompt(ToolCall call, List<ChatMessage> messages) {
        JsonNode args = arguments(call);
        if (args.path("prompt").isString() && !args.get("prompt").asString().isBlank()) {
            return ImageFiles.bounded(args.get("prompt").asString(), ImageFiles.MAX_PROMPT_CHARS);
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof ChatMessage.User u && !u.text().isBlank()) {
                return ImageFiles.bounded(u.text(), ImageFiles.MAX_PROMPT_CHARS);
            }
        }
        throw ApiException.invalid("input", "invalid_prompt", "There is no text to make an image from.");
    }
}
