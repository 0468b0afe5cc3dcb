package dev.easel.api;

import dev.easel.engine.DiffusionModel;
import dev.easel.engine.FinalDecoder;
import dev.easel.engine.Init;
import dev.easel.engine.ModelInfo;
import dev.easel.images.Background;
import dev.easel.images.ImageFiles;
import dev.easel.images.ImagePlan;
import dev.easel.images.ImageService;
import dev.easel.images.ImageTask;
import dev.easel.safety.provenance.Claim;
import dev.easel.wire.ApiException;
import dev.easel.wire.Ids;

/**
 * One validated Images API call, ready for the engine: the request, what it will make and how
 * it is reported. The HTTP routes and the MCP tools plan alike through {@link #generation} and
 * {@link #edit}, so the same arguments get the same 400 wherever they come from.
 */
record ImageCall(ImageRequest request, ImagePlan plan, ImageOutput output, ImageTask task) {

    /** A generation: the plan's automatic size is the model's default. */
    static ImageCall generation(ImageService images, Ids ids, ImageRequest request) {
        String model = resolve(images, request);
        ModelInfo info = images.models().get(model).info();
        ImagePlan plan = ImagePlan.of(
                request.ask(), info, info.defaults().width(), info.defaults().height(), ids::seed);
        return of(images, request, plan, model, 0, new Init.Noise(), ImageFiles.generated());
    }

    /** An edit of the parsed inputs' first image: the automatic size follows the source's shape. */
    static ImageCall edit(ImageService images, Ids ids, EditInputs.Parsed parsed) {
        ImageRequest request = parsed.request();
        String model = resolve(images, request);
        ModelInfo info = images.models().get(model).info();
        if (!info.canEncodeImages()) {
            throw ApiException.invalid("model", "Model '" + model + "' has no VAE encoder, so it cannot edit images.");
        }
        int[] auto = ImagePlan.autoSize(parsed.source().width(), parsed.source().height(), info);
        ImagePlan plan = ImagePlan.of(request.ask(), info, auto[0], auto[1], ids::seed);
        Init init = parsed.init(plan.width(), plan.height());
        int imageTokens = parsed.images().stream()
                .mapToInt(i -> ImageFiles.imageTokens(i.width(), i.height()))
                .sum();
        // The manifest names the image edited; the others are references the prompt may speak of.
        return of(
                images,
                request,
                plan,
                model,
                imageTokens,
                init,
                ImageFiles.editOf(parsed.images().getFirst(), "input image"));
    }

    private static ImageCall of(
            ImageService images,
            ImageRequest request,
            ImagePlan plan,
            String model,
            int imageTokens,
            Init init,
            Claim.Origin origin) {
        DiffusionModel loaded = images.models().get(model);
        if (request.options().decoder().filter(d -> d == FinalDecoder.TAESD).isPresent()
                && !loaded.info().previewDecoder().equals("taesd")) {
            throw ApiException.invalid(
                    "final_decoder",
                    "Invalid 'final_decoder': model '" + model + "' has no TAESD decoder (taesd_decoder/ in its"
                            + " folder; `easel pull --taesd --into MODEL_DIR` adds one).");
        }
        Background background =
                Background.resolve(request.background(), request.prompt(), request.outputFormat(), images.canMatte());
        ImageOutput output = new ImageOutput(
                request,
                plan,
                model,
                loaded.promptTokens(request.prompt()),
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
                        plan.jobs(request.render(), loaded.info(), init),
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
