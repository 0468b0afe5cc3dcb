package dev.easel.api;

import dev.easel.engine.Init;
import dev.easel.engine.SourceImage;
import dev.easel.images.ImageFetcher;
import dev.easel.images.ImagePlan;
import dev.easel.media.Dimensions;
import dev.easel.media.ImageDecodeException;
import dev.easel.media.ImageDecoder;
import dev.easel.media.Mask;
import dev.easel.media.Resampling;
import dev.easel.media.RgbImage;
import dev.easel.responses.InputItems;
import dev.easel.wire.ApiException;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The inputs of {@code POST /v1/images/edits}: multipart ({@code image}, {@code image[]} or repeated
 * {@code image} file parts, optional {@code mask}, scalar parts as strings) or JSON ({@code images}
 * of {@code {"image_url": …}} (data URL, or http(s) through the URL guard) or {@code {"file_id": …}}).
 * The first image is the one edited; further images are references that steer the picture
 * through the model's IP-Adapter ({@link ImageCall#edit} refuses them on a model without one).
 *
 * <p>Fidelity: see {@link ImagePlan#editStrength}.
 */
final class EditInputs {
    /** The parts read as files, with or without a filename; every other part is a scalar field. */
    private static final Set<String> FILE_PARTS = Set.of("image", "image[]", "mask", "markup");

    /** Input images of one edit, as OpenAI's. */
    static final int MAX_IMAGES = 16;

    /** The decoded pixels of all of an edit's inputs together, in units of max_image_pixels. */
    static final long TOTAL_PIXEL_FACTOR = 2;

    private final long maxBodyBytes;
    private final long maxPixels;
    private final ImageFetcher fetcher;

    EditInputs(ApiServer.Limits limits, ImageFetcher fetcher) {
        this(limits.maxBodyBytes(), limits.maxImagePixels(), fetcher);
    }

    private EditInputs(long maxBodyBytes, long maxPixels, ImageFetcher fetcher) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxPixels = maxPixels;
        this.fetcher = fetcher;
    }

    /** The inputs of one caller's request: {@code file_id}s of other keys are not found. */
    EditInputs as(dev.easel.auth.Caller caller) {
        return new EditInputs(maxBodyBytes, maxPixels, fetcher.as(caller));
    }

    /**
     * Decoded, validated inputs.
     *
     * @param imagesParam the field the images came in: {@code image} (multipart) or {@code images} (JSON)
     */
    record Parsed(ImageRequest request, List<RgbImage> images, Optional<Mask> mask, String imagesParam) {
        RgbImage source() {
            return images.getFirst();
        }

        /** The images after the first: references that steer the edit. */
        List<RgbImage> references() {
            return images.subList(1, images.size());
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

    Parsed read(Context ctx) {
        String type = Requests.contentType(ctx);
        if (type.startsWith("multipart/form-data")) {
            return multipart(ctx);
        }
        if (type.startsWith("application/json")) {
            return json(Requests.jsonObject(ctx));
        }
        throw ApiException.unsupportedMediaType(
                null,
                "Unsupported content type '" + type
                        + "'; send multipart/form-data (or application/json with data URLs).");
    }

    private Parsed multipart(Context ctx) {
        MultipartForm form = MultipartForm.read(ctx, maxBodyBytes);
        Fields fields = form.fields(FILE_PARTS);
        ImageRequest request = ImageRequest.read(fields, true);
        fields.rejectUnknown();
        List<MultipartForm.Part> files = new ArrayList<>(form.all("image"));
        files.addAll(form.all("image[]"));
        if (files.isEmpty()) {
            throw ApiException.missing("image");
        }
        if (files.size() > MAX_IMAGES) {
            throw ApiException.invalid("image", "Too many images: " + files.size() + "; at most " + MAX_IMAGES + ".");
        }
        List<RgbImage> images = new ArrayList<>();
        long[] used = {0};
        for (MultipartForm.Part file : files) {
            images.add(image(file.bytes(), "image", used));
        }
        Optional<Mask> mask = form.first("mask").map(part -> maskOf(part.bytes(), images.getFirst()));
        return parsed(request, images, mask, form.first("markup").map(MultipartForm.Part::bytes), "image");
    }

    /**
     * A JSON edit's body (also the MCP {@code edit_image} tool's arguments): the request's fields
     * plus {@code images}, {@code mask} and {@code markup} references; unknown fields are refused.
     */
    Parsed json(JsonNode body) {
        Fields fields = new Fields.JsonFields(body);
        ImageRequest request = ImageRequest.read(fields, true);
        fields.accept("images", "mask", "markup");
        fields.rejectUnknown();
        JsonNode refs = body.get("images");
        if (refs == null || !refs.isArray() || refs.isEmpty()) {
            throw ApiException.missing("images");
        }
        if (refs.size() > MAX_IMAGES) {
            // Refused before any is fetched or decoded: one uploaded file named 200 times is 200 decodes.
            throw ApiException.invalid("images", "Too many images: " + refs.size() + "; at most " + MAX_IMAGES + ".");
        }
        List<RgbImage> images = new ArrayList<>();
        long[] used = {0};
        for (int i = 0; i < refs.size(); i++) {
            images.add(image(reference(refs.get(i), "images[" + i + "]"), "images[" + i + "]", used));
        }
        Optional<Mask> mask = Optional.ofNullable(body.get("mask"))
                .filter(m -> !m.isNull())
                .map(m -> maskOf(reference(m, "mask"), images.getFirst()));
        Optional<byte[]> markup =
                Optional.ofNullable(body.get("markup")).filter(m -> !m.isNull()).map(m -> reference(m, "markup"));
        return parsed(request, images, mask, markup, "images");
    }

    /**
     * {@code markup}: a transparent PNG drawn over the first image to guide the edit. Its opaque
     * pixels (alpha of 128 or more) are painted onto the source, which is then edited as a whole;
     * it cannot be combined with a mask (as OpenAI documents).
     */
    private Parsed parsed(
            ImageRequest request, List<RgbImage> images, Optional<Mask> mask, Optional<byte[]> markup, String param) {
        if (markup.isEmpty()) {
            return new Parsed(request, images, mask, param);
        }
        if (mask.isPresent()) {
            throw ApiException.invalid("markup", "Invalid 'markup': it cannot be combined with 'mask'.");
        }
        List<RgbImage> marked = new ArrayList<>(images);
        marked.set(0, drawn(images.getFirst(), markup.get()));
        return new Parsed(request, marked, mask, param);
    }

    private RgbImage drawn(RgbImage source, byte[] bytes) {
        Mask clear;
        RgbImage drawing;
        try {
            clear = ImageDecoder.decodeMask(bytes, maxPixels);
            drawing = ImageDecoder.decode(bytes, maxPixels);
        } catch (ImageDecodeException e) {
            throw decodeError(e, "markup");
        }
        if (clear.width() != source.width() || clear.height() != source.height()) {
            throw ApiException.invalid(
                    "markup",
                    "Invalid markup: it is " + clear.width() + "x" + clear.height() + " but the image is "
                            + source.width() + "x" + source.height() + "; they must be the same size.");
        }
        if (clear.isEmpty()) {
            throw ApiException.invalid(
                    "markup", "Invalid markup: it has no transparent pixels, so it would hide the whole image.");
        }
        byte[] rgb = source.rgb().clone();
        for (int i = 0; i < clear.values().length; i++) {
            if (clear.values()[i] < 0.5f) {
                System.arraycopy(drawing.rgb(), i * 3, rgb, i * 3, 3);
            }
        }
        return new RgbImage(source.width(), source.height(), rgb);
    }

    /** The bytes of an {@code {"image_url": …}} (data URL, or http(s) through the URL guard) or {@code {"file_id": …}} reference. */
    private byte[] reference(JsonNode ref, String param) {
        return fetcher.fetch(InputItems.imageSource(ref, param), param);
    }

    /**
     * Decodes one input image within what is left of the request's pixel budget: the inputs of one
     * edit together, decoded, at most {@link #TOTAL_PIXEL_FACTOR} times {@code max_image_pixels},
     * each reference counted (the same file named twice is decoded, and counted, twice).
     */
    private RgbImage image(byte[] bytes, String param, long[] used) {
        long total = TOTAL_PIXEL_FACTOR * maxPixels;
        long left = total - used[0];
        ApiException overBudget = ApiException.invalid(
                param,
                "image_too_large",
                "The input images together are more than " + total + " pixels decoded (" + TOTAL_PIXEL_FACTOR
                        + " times max_image_pixels, each reference counted).");
        if (left < 1) {
            throw overBudget;
        }
        try {
            RgbImage image = ImageDecoder.decode(bytes, Math.min(maxPixels, left));
            used[0] += (long) image.width() * image.height();
            return image;
        } catch (ImageDecodeException e) {
            if (e.kind() == ImageDecodeException.Kind.TOO_LARGE && left < maxPixels) {
                throw overBudget;
            }
            throw decodeError(e, param);
        }
    }

    /** The mask, which must be the first image's size: one of another size is refused from its header, never decoded. */
    private Mask maskOf(byte[] bytes, RgbImage first) {
        Mask mask;
        try {
            Dimensions size = ImageDecoder.probe(bytes);
            if (size.width() != first.width() || size.height() != first.height()) {
                throw ApiException.invalid(
                        "mask",
                        "Invalid mask: it is " + size.width() + "x" + size.height() + " but the image is "
                                + first.width() + "x" + first.height() + "; they must be the same size.");
            }
            mask = ImageDecoder.decodeMask(bytes, (long) first.width() * first.height());
        } catch (ImageDecodeException e) {
            throw decodeError(e, "mask");
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
