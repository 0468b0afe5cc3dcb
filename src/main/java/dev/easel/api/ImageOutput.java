package dev.easel.api;

import dev.easel.images.ImageFiles;
import dev.easel.images.ImagePlan;
import dev.easel.media.RgbImage;
import java.util.Base64;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every image the API returns carries: its encoding in the requested format with the
 * generation parameters embedded, and the resolved metadata echoed in responses and events.
 *
 * <p>Usage is counted in Easel's own units, documented in the README: a text token per CLIP
 * token of the prompt, and an image token per 32×32-pixel patch of each input and output image;
 * input image tokens whose latents came from a cache are also counted as cached.
 */
record ImageOutput(ImageRequest request, ImagePlan plan, String model, int promptTokens, int inputImageTokens) {

    byte[] encode(RgbImage image, long seed) {
        return ImageFiles.encode(
                image,
                request.outputFormat(),
                request.outputCompression(),
                new ImageFiles.Provenance(request.prompt(), request.negativePrompt(), plan.steps(), seed, model));
    }

    String base64(RgbImage image, long seed) {
        return Base64.getEncoder().encodeToString(encode(image, seed));
    }

    /**
     * Fields shared by the response body and the stream events: what was made (the background is
     * always opaque, whatever was asked), not what was asked.
     */
    void describe(ObjectNode node) {
        node.put("background", "opaque");
        node.put("output_format", request.outputFormat().apiName());
        node.put("quality", plan.quality());
        node.put("size", plan.size());
    }

    /** The response body and the completed events echo a non-empty {@code safety_identifier}. */
    void echoSafetyIdentifier(ObjectNode node) {
        request.safetyIdentifier().ifPresent(id -> node.put("safety_identifier", id));
    }

    /**
     * @param sourceCached the edit's source latents came from a cache: its image tokens are also
     *     reported as {@code input_tokens_details.cached_tokens} (an Easel extension, present only then)
     */
    ObjectNode usage(int images, boolean withOutputDetails, boolean sourceCached) {
        int output = images * ImageFiles.imageTokens(plan.width(), plan.height());
        ObjectNode usage = Json.object();
        usage.put("input_tokens", promptTokens + inputImageTokens);
        ObjectNode in = usage.putObject("input_tokens_details");
        in.put("text_tokens", promptTokens);
        in.put("image_tokens", inputImageTokens);
        if (sourceCached) {
            in.put("cached_tokens", inputImageTokens);
        }
        usage.put("output_tokens", output);
        usage.put("total_tokens", promptTokens + inputImageTokens + output);
        if (withOutputDetails) {
            ObjectNode out = usage.putObject("output_tokens_details");
            out.put("image_tokens", output);
            out.put("text_tokens", 0);
        }
        return usage;
    }
}
