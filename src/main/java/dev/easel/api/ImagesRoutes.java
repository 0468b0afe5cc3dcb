package dev.easel.api;

import dev.easel.engine.GeneratedImage;
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
    private final ImageUrls urls;
    private final long streamBuffer;
    private final RateLimits rates;

    /** @param streamBuffer the characters of events a stream may hold for a client that reads slowly */
    ImagesRoutes(
            ApiServer.Services services, ApiServer.Limits limits, ImageUrls urls, long streamBuffer, RateLimits rates) {
        this.rates = rates;
        this.urls = urls;
        this.streamBuffer = streamBuffer;
        this.images = services.images();
        this.clock = services.clock();
        this.ids = services.ids();
        this.blobs = services.urlImages();
        this.editInputs = new EditInputs(limits, services.fetcher());
    }

    void generations(Context ctx) throws IOException, InterruptedException {
        Fields fields = new Fields.JsonFields(Requests.jsonObject(ctx));
        ImageRequest request = ImageRequest.read(fields, false);
        fields.rejectUnknown();
        respond(ctx, ImageCall.generation(images, ids, request));
    }

    void edits(Context ctx) throws IOException, InterruptedException {
        respond(ctx, ImageCall.edit(images, ids, editInputs.as(Auth.caller(ctx)).read(ctx)));
    }

    void file(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        ApiException missing = ApiException.notFound("No image named '" + name + "' (or its URL has expired).");
        if (!urls.valid(name, ctx.queryParam("expires"), ctx.queryParam("sig"))) {
            throw missing;
        }
        byte[] bytes = blobs.get(name).orElseThrow(() -> missing);
        String type = name.endsWith(".png") ? "image/png" : name.endsWith(".webp") ? "image/webp" : "image/jpeg";
        ctx.contentType(type).header("Cache-Control", "private, max-age=3600").result(bytes);
    }

    private void respond(Context ctx, ImageCall call) throws IOException, InterruptedException {
        ImageRequest request = call.request();
        ImageOutput output = call.output();
        ImageTask task = call.task();
        rates.images(ctx, request.n());
        if (request.stream()) {
            try (RateLimits.Open open = rates.stream(ctx)) {
                new ImageStream(images, output, clock, streamBuffer).run(ctx, task);
            }
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
                String name =
                        blobs.put(output.encode(result), request.outputFormat().extension());
                entry.put("url", urls.url(name));
            } else {
                entry.put("b64_json", output.base64(result));
            }
            entry.put("revised_prompt", request.prompt());
        }
        body.set(
                "usage",
                Json.MAPPER.valueToTree(output.usage(
                        results.size(),
                        true,
                        results.stream().anyMatch(r -> r.cacheUse().sourceLatentsReused()),
                        results.getFirst().engineUse())));
        output.echoSafetyIdentifier(body);
        ctx.contentType("application/json").result(Json.write(body));
    }
}
