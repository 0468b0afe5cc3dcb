package dev.easel.api;

import dev.easel.wire.ApiException;
import dev.easel.engine.Init;
import dev.easel.engine.Mask;
import dev.easel.engine.RgbImage;
import dev.easel.engine.SourceImage;
import dev.easel.media.ImageDecodeException;
import dev.easel.media.ImageDecoder;
import dev.easel.media.Resampling;
import dev.easel.responses.ImageFetcher;
import dev.easel.responses.InputItems;
import dev.easel.tools.ImagePlan;
import io.javalin.http.Context;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The inputs of {@code POST /v1/images/edits}: multipart ({@code image}, {@code image[]} or repeated
 * {@code image} file parts, optional {@code mask}, scalar parts as strings) or JSON ({@code images}
 * of {@code {"image_url": …}} (data URL, or http(s) through the URL guard) or {@code {"file_id": …}}). The first image is the one edited; further images are accepted as
 * references and do not yet steer the picture.
 *
 * <p>Fidelity: see {@link ImagePlan#editStrength}.
 */
final class EditInputs {
    private final long maxPixels;
    private final ImageFetcher fetcher;

    EditInputs(long maxPixels, ImageFetcher fetcher) {
        this.maxPixels = maxPixels;
        this.fetcher = fetcher;
    }

    /** Decoded, validated inputs. */
    record Parsed(ImageRequest request, List<RgbImage> images, Optional<Mask> mask) {
        RgbImage source() {
            return images.getFirst();
        }

        Init init(int width, int height) {
            RgbImage pixels = source().width() == width && source().height() == height
                    ? source()
                    : Resampling.resize(source(), width, height);
            Init.MaskChoice choice = mask.<Init.MaskChoice>map(m -> new Init.Masked(
                            m.width() == width && m.height() == height ? m : Resampling.resize(m, width, height)))
                    .orElse(new Init.WholeImage());
            double strength = ImagePlan.editStrength(mask.isPresent(), request.inputFidelity());
            return new Init.Edit(new SourceImage.PixelsOnly(pixels), strength, choice);
        }
    }

    Parsed read(Context ctx) throws IOException {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            return multipart(ctx);
        }
        if (type.startsWith("application/json")) {
            return json(ctx);
        }
        throw ApiException.unsupportedMediaType(
                null,
                "Unsupported content type '" + type
                        + "'; send multipart/form-data (or application/json with data URLs).");
    }

    private Parsed multipart(Context ctx) throws IOException {
        Collection<Part> parts = Requests.multipartParts(ctx);
        Fields fields = new Fields.FormFields(ctx.formParamMap());
        ImageRequest request = ImageRequest.read(fields, true);
        fields.accept("image", "image[]", "mask");
        fields.rejectUnknown();
        List<byte[]> files = new ArrayList<>(fileParts(parts, "image"));
        files.addAll(fileParts(parts, "image[]"));
        if (files.isEmpty()) {
            throw ApiException.missing("image");
        }
        if (files.size() > 16) {
            throw ApiException.invalid("image", "Too many images: " + files.size() + "; at most 16.");
        }
        List<RgbImage> images = new ArrayList<>();
        for (byte[] file : files) {
            images.add(image(file, "image"));
        }
        Optional<Mask> mask =
                fileParts(parts, "mask").stream().findFirst().map(bytes -> maskOf(bytes, images.getFirst()));
        return new Parsed(request, images, mask);
    }

    /**
     * The parts called {@code name}, with or without a filename: the official Java SDK sends
     * byte-array and stream uploads without one, which servlet containers would treat as text fields.
     */
    private static List<byte[]> fileParts(Collection<Part> parts, String name) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (Part part : parts) {
            if (part.getName().equals(name)) {
                try (InputStream in = part.getInputStream()) {
                    out.add(in.readAllBytes());
                }
            }
        }
        return out;
    }

    private Parsed json(Context ctx) {
        JsonNode body = Requests.jsonObject(ctx);
        Fields fields = new Fields.JsonFields(body);
        ImageRequest request = ImageRequest.read(fields, true);
        fields.accept("images", "mask");
        fields.rejectUnknown();
        JsonNode refs = body.get("images");
        if (refs == null || !refs.isArray() || refs.isEmpty()) {
            throw ApiException.missing("images");
        }
        List<RgbImage> images = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            images.add(image(reference(refs.get(i), "images[" + i + "]"), "images[" + i + "]"));
        }
        Optional<Mask> mask = Optional.ofNullable(body.get("mask"))
                .filter(m -> !m.isNull())
                .map(m -> maskOf(reference(m, "mask"), images.getFirst()));
        return new Parsed(request, images, mask);
    }

    /** The bytes of an {@code {"image_url": …}} (data URL, or http(s) through the URL guard) or {@code {"file_id": …}} reference. */
    private byte[] reference(JsonNode ref, String param) {
        return fetcher.fetch(InputItems.imageSource(ref, param), param);
    }

    private RgbImage image(byte[] bytes, String param) {
        try {
            return ImageDecoder.decode(bytes, maxPixels);
        } catch (ImageDecodeException e) {
            throw decodeError(e, param);
        }
    }

    private Mask maskOf(byte[] bytes, RgbImage first) {
        Mask mask;
        try {
            mask = ImageDecoder.decodeMask(bytes, maxPixels);
        } catch (ImageDecodeException e) {
            throw decodeError(e, "mask");
        }
        if (mask.width() != first.width() || mask.height() != first.height()) {
            throw ApiException.invalid(
                    "mask",
                    "Invalid mask: it is " + mask.width() + "x" + mask.height() + " but the image is " + first.width()
                            + "x" + first.height() + "; they must be the same size.");
        }
        return mask;
    }

    private static ApiException decodeError(ImageDecodeException e, String param) {
        return switch (e.kind()) {
            case UNSUPPORTED_FORMAT ->
                ApiException.unsupportedMediaType(
                        param, e.getMessage() + " Supported formats are 'image/png', 'image/jpeg' and 'image/webp'.");
            case TOO_LARGE -> ApiException.invalid(param, "image_too_large", e.getMessage());
            case EMPTY -> ApiException.invalid(param, "empty_image_file", e.getMessage());
            case MASK_WITHOUT_ALPHA -> ApiException.invalid(param, "invalid_image_mode", e.getMessage());
            case CORRUPT -> ApiException.invalid(param, "invalid_image", e.getMessage());
        };
    }
}
