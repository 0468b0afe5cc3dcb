package dev.easel.api;

import dev.easel.engine.DiffusionModel;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.Init;
import dev.easel.engine.ModelInfo;
import dev.easel.images.ImageFiles;
import dev.easel.images.ImagePlan;
import dev.easel.images.ImageService;
import dev.easel.images.ImageTask;
import dev.easel.store.BlobStore;
import dev.easel.wire.ApiException;
import dev.easel.wire.Ids;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /v1/images/generations}, {@code POST /v1/images/edits} and the route that serves
 * images returned by URL. Requests are validated in full before anything is queued.
 */
final class ImagesRoutes {
    private final ImageService images;
    private final BlobStore blobs;
    private final EditInputs editInputs;
    private final Clock clock;
    private final Ids ids;

    ImagesRoutes(ApiServer.Services services, ApiServer.Limits limits) {
        this.images = services.images();
        this.clock = services.clock();
        this.ids = services.ids();
        this.blobs = services.blobs();
        this.editInputs = new EditInputs(limits, services.fetcher());
    }

    void generations(Context ctx) throws IOException {
        Fields fields = new Fields.JsonFields(Requests.jsonObject(ctx));
        ImageRequest request = ImageRequest.read(fields, false);
        fields.rejectUnknown();
        String model = resolve(request);
        ModelInfo info = images.models().get(model).info();
        ImagePlan plan = ImagePlan.of(
                request.ask(), info, info.defaults().width(), info.defaults().height(), ids::seed);
        respond(ctx, request, plan, model, 0, new Init.Noise(), false);
    }

    void edits(Context ctx) throws IOException {
        EditInputs.Parsed parsed = editInputs.read(ctx);
        ImageRequest request = parsed.request();
        String model = resolve(request);
        DiffusionModel loaded = images.models().get(model);
        ModelInfo info = loaded.info();
        if (!info.canEncodeImages()) {
            throw ApiException.invalid("model", "Model '" + model + "' has no VAE encoder, so it cannot edit images.");
        }
        int[] auto = ImagePlan.autoSize(parsed.source().width(), parsed.source().height(), info);
        ImagePlan plan = ImagePlan.of(request.ask(), info, auto[0], auto[1], ids::seed);
        Init init = parsed.init(plan.width(), plan.height());
        int imageTokens = parsed.images().stream()
                .mapToInt(i -> ImageFiles.imageTokens(i.width(), i.height()))
                .sum();
        respond(ctx, request, plan, model, imageTokens, init, true);
    }

    void file(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        byte[] bytes = blobs.get(name).orElseThrow(() -> ApiException.notFound("No image named '" + name + "'."));
        String type = name.endsWith(".png") ? "image/png" : name.endsWith(".webp") ? "image/webp" : "image/jpeg";
        ctx.contentType(type).header("Cache-Control", "private, max-age=3600").result(bytes);
    }

    private String resolve(ImageRequest request) {
        return images.models()
                .resolve(request.model())
                .orElseThrow(() -> ApiException.modelNotFound(request.model().orElseThrow()));
    }

    private void respond(
            Context ctx, ImageRequest request, ImagePlan plan, String model, int imageTokens, Init init, boolean edit)
            throws IOException {
        DiffusionModel loaded = images.models().get(model);
        ImageOutput output =
                new ImageOutput(request, plan, model, loaded.promptTokens(request.prompt()), imageTokens, edit);
        ImageTask task = new ImageTask(model, plan.jobs(request.render(), loaded.info(), init));
        if (request.stream()) {
            new ImageStream(images, output, clock).run(ctx, task);
            return;
        }
        List<GeneratedImage> results;
        try {
            results = images.submit(task, dev.easel.images.ImageTaskListener.NONE, () -> false)
                    .join();
        } catch (CompletionException e) {
            throw Requests.engineFailure(e.getCause());
        } catch (dev.easel.images.QueueFullException e) {
            throw ApiException.rateLimited(e.getMessage(), e.retryAfterSeconds());
        }
        var body = Json.object();
        body.put("created", clock.instant().getEpochSecond());
        output.describe(body);
        var data = body.putArray("data");
        for (GeneratedImage result : results) {
            var entry = data.addObject();
            if (request.urlResponse()) {
                String name = blobs.put(
                        output.encode(result.image(), result.seed()),
                        request.outputFormat().extension());
                entry.put("url", Requests.baseUrl(ctx) + "/v1/images/files/" + name);
            } else {
                entry.put("b64_json", output.base64(result.image(), result.seed()));
            }
            entry.put("revised_prompt", request.prompt());
        }
        body.set(
                "usage",
                Json.MAPPER.valueToTree(output.usage(
                        results.size(),
                        true,
                        results.stream().anyMatch(r -> r.cacheUse().sourceLatentsReused()))));
        output.echoSafetyIdentifier(body);
        ctx.contentType("application/json").result(Json.write(body));
    }
}
