package dev.easel.api;

import dev.easel.images.ImageFetcher;
import dev.easel.images.ProvenanceCheck;
import dev.easel.media.ImageDecodeException;
import dev.easel.media.ImageDecoder;
import dev.easel.media.RgbImage;
import dev.easel.responses.InputItems;
import dev.easel.wire.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;

/**
 * {@code POST /v1/easel/verify}: what an image says about where it came from, as
 * {@code easel verify} reports it: its C2PA manifest (trusted when signed under this server's own
 * chain) and Easel's invisible watermark. The image comes as a multipart {@code file} part, or in
 * JSON as {@code {"image_url": …}} (a data URL, or http(s) through the URL guard) or
 * {@code {"file_id": …}}.
 */
final class VerifyRoutes {
    private final ProvenanceCheck check;
    private final ImageFetcher fetcher;
    private final ApiServer.Limits limits;

    VerifyRoutes(ApiServer.Services services, ApiServer.Limits limits, Clock clock) {
        this.check = new ProvenanceCheck(services.images().files().trustAnchors(), clock);
        this.fetcher = services.fetcher();
        this.limits = limits;
    }

    void verify(Context ctx) throws IOException {
        byte[] bytes;
        if (Requests.contentType(ctx).startsWith("multipart/form-data")) {
            MultipartForm form = MultipartForm.read(ctx, limits.maxBodyBytes());
            bytes = form.first("file")
                    .orElseThrow(() -> ApiException.missing("file"))
                    .bytes();
        } else {
            var body = Requests.jsonObject(ctx);
            Fields fields = new Fields.JsonFields(body);
            fields.accept("image_url", "file_id");
            fields.rejectUnknown();
            bytes = fetcher.as(Auth.caller(ctx)).fetch(InputItems.imageSource(body, "image_url"), "image_url");
        }
        java.util.Optional<RgbImage> pixels;
        try {
            pixels = java.util.Optional.of(ImageDecoder.decode(bytes, limits.maxImagePixels()));
        } catch (ImageDecodeException e) {
            if (e.kind() != ImageDecodeException.Kind.CORRUPT) {
                throw ApiException.invalid("file", "invalid_image", e.getMessage());
            }
            pixels = java.util.Optional.empty(); // an altered file: its manifest still says why
        }
        var report = check.report(bytes, pixels);
        report.put("object", "easel.provenance");
        ctx.contentType("application/json").result(Json.write(report));
    }
}
