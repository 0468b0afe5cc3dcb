package dev.easel.api;

import dev.easel.engine.FinalDecoder;
import dev.easel.engine.ImagePrompt;
import dev.easel.engine.Init;
import dev.easel.engine.ModelInfo;
import dev.easel.engine.ReferenceSupport;
import dev.easel.images.Background;
import dev.easel.images.ImageFiles;
import dev.easel.images.ImagePlan;
import dev.easel.images.ImageService;
import dev.easel.images.ImageTask;
import dev.easel.images.ModelView;
import dev.easel.safety.provenance.Claim;
import dev.easel.wire.ApiException;
import dev.easel.wire.Ids;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One validated Images API call, ready for the engine: the request, what it will make and how
 * it is reported. The HTTP routes and the MCP tools plan alike through {@link #generation} and
 * {@link #edit}, so the same arguments get the same 400 wherever they come from.
 */
record ImageCall(ImageRequest request, ImagePlan plan, ImageOutput output, ImageTask task) {

    /** A generation: the plan's automatic size is the model's default. */
    static ImageCall generation(ImageService images, Ids ids, ImageRequest request) {
        String model = resolve(images, request);
        ModelView view = images.describe(model);
        ModelInfo info = view.info();
        ImagePlan plan = ImagePlan.of(
                request.ask(), info, info.defaults().width(), info.defaults().height(), ids::seed);
        if (request.ipAdapterScale().isPresent()) {
            throw ApiException.invalid(
                    "ip_adapter_scale",
                    "Invalid 'ip_adapter_scale': it sets the strength of reference images, which only edits take"
                            + " (the images after the first one).");
        }
        return of(
                images,
                view,
                request,
                plan,
                model,
                0,
                new Init.Noise(),
                ImageFiles.generated(),
                new ImagePrompt.None());
    }

    /** An edit of the parsed inputs' first image: the automatic size follows the source's shape. */
    static ImageCall edit(ImageService images, Ids ids, EditInputs.Parsed parsed) {
        ImageRequest request = parsed.request();
        String model = resolve(images, request);
        ModelView view = images.describe(model);
        ModelInfo info = view.info();
        if (!info.canEncodeImages()) {
            throw ApiException.invalid("model", "Model '" + model + "' has no VAE encoder, so it cannot edit images.");
        }
        int[] auto = ImagePlan.autoSize(parsed.source().width(), parsed.source().height(), info);
        ImagePlan plan = ImagePlan.of(request.ask(), info, auto[0], auto[1], ids::seed);
        Init init = parsed.init(plan.width(), plan.height());
        int imageTokens = parsed.images().stream()
                .mapToInt(i -> ImageFiles.imageTokens(i.width(), i.height()))
                .sum();
        // The manifest names the image edited; the others are references that steer it.
        return of(
                images,
                view,
                request,
                plan,
                model,
                imageTokens,
                init,
                ImageFiles.editOf(parsed.images().getFirst(), "input image"),
                imagePrompt(view, parsed));
    }

    /**
     * The edit's reference images (its images after the first) as the engine takes them, or the
     * 400 of a model that cannot use them, at the images' field; {@code ip_adapter_scale} needs
     * references and an export whose adapter strength can be set.
     */
    private static ImagePrompt imagePrompt(ModelView model, EditInputs.Parsed parsed) {
        Optional<Double> scale = parsed.request().ipAdapterScale();
        if (parsed.references().isEmpty()) {
            if (scale.isPresent()) {
                throw ApiException.invalid(
                        "ip_adapter_scale",
                        "Invalid 'ip_adapter_scale': it sets the strength of reference images, and this edit has"
                                + " none (send them as the images after the first one).");
            }
            return new ImagePrompt.None();
        }
        return switch (model.references()) {
            case ReferenceSupport.Unsupported(String reason) ->
                throw ApiException.invalid(
                        parsed.imagesParam(),
                        reason + " Send only the image to edit, or use a model with an IP-Adapter.");
            case ReferenceSupport.IpAdapter adapter -> {
                if (scale.isPresent() && !adapter.adjustableScale()) {
                    throw ApiException.invalid(
                            "ip_adapter_scale",
                            "Invalid 'ip_adapter_scale': model '" + model.info().name() + "' has its IP-Adapter"
                                    + " strength fixed by its export (its unet takes no ipadapter_scale input).");
                }
                yield new ImagePrompt.References(
                        parsed.references(), scale.map(OptionalDouble::of).orElse(OptionalDouble.empty()));
            }
        };
    }

    private static ImageCall of(
            ImageService images,
            ModelView loaded,
            ImageRequest request,
            ImagePlan plan,
            String model,
            int imageTokens,
            Init init,
            Claim.Origin origin,
            ImagePrompt imagePrompt) {
        if (request.options().decoder().filter(d -> d == FinalDecoder.TAESD).isPresent()
                && !loaded.info().previewDecoder().equals("taesd")) {
            throw ApiException.invalid(
                    "final_decoder",
                    "Invalid 'final_decoder': model '" + model + "' has no TAESD decoder (taesd_decoder/ in its"
                            + " folder; `easel pull --taesd --into MODEL_DIR` adds one).");
        }
        Background background =
                Background.resolve(request.background(), request.prompt(), request.outputFormat(), loaded.canMatte());
        ImageOutput output = new ImageOutput(
                request,
                plan,
                model,
                images.promptTokens(model, request.prompt()),
                imageTokens,
                origin instanceof Claim.Edited,
                images.files(),
                origin,
                background);
        return new ImageCall(
                request,
                plan,
                output,
                new ImageTask(
                        model,
                        plan.jobs(request.render(), loaded.info(), init).stream()
                                .map(job -> job.withImagePrompt(imagePrompt))
                                .toList(),
                        request.moderation(),
                        new ImageTask.Finish.AsMade(),
                        background));
    }

    private static String resolve(ImageService images, ImageRequest request) {
        return images.models()
                .resolve(request.model())
                .orElseThrow(() -> ApiException.modelNotFound(request.model().orElseThrow()));
    }
}
