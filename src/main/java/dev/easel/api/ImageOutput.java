package dev.easel.api;

import dev.easel.engine.EngineUse;
import dev.easel.engine.FinalDecoder;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.InpaintArea;
import dev.easel.engine.UnetPrecision;
import dev.easel.images.Background;
import dev.easel.images.ImageFiles;
import dev.easel.images.ImagePlan;
import dev.easel.media.RgbImage;
import dev.easel.safety.provenance.Claim;
import dev.easel.wire.EngineReport;
import dev.easel.wire.ImageStreamEvent;
import dev.easel.wire.ImageUsage;
import java.util.Base64;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every image the API returns carries: its encoding in the requested format with the
 * generation parameters and content credentials ({@code origin}: created, or edited from the first input) embedded, and the resolved metadata echoed in responses and events.
 *
 * <p>Usage is counted in Easel's own units, documented in the README: a text token per CLIP
 * token of the prompt, and an image token per 32×32-pixel patch of each input and output image;
 * input image tokens whose latents came from a cache are also counted as cached.
 */
record ImageOutput(
        ImageRequest request,
        ImagePlan plan,
        String model,
        int promptTokens,
        int inputImageTokens,
        boolean edit,
        ImageFiles files,
        Claim.Origin origin,
        Background background) {

    /**
     * The file of a finished image, with its alpha for a transparent background: partial images and
     * final ones alike carry the parameters and the content credentials.
     */
    byte[] encode(GeneratedImage result) {
        return files.encode(
                result.image(),
                result.alpha(),
                request.outputFormat(),
                request.outputCompression(),
                provenance(result.seed()));
    }

    private ImageFiles.Provenance provenance(long seed) {
        return new ImageFiles.Provenance(request.prompt(), request.negativePrompt(), plan.steps(), seed, model, origin);
    }

    String base64(GeneratedImage result) {
        return Base64.getEncoder().encodeToString(encode(result));
    }

    /**
     * A partial image's file ({@link ImageFiles#encodePartial}). Previews are opaque whatever the
     * background: only the finished image is matted.
     */
    byte[] encodePartial(RgbImage image, long seed) {
        return files.encodePartial(image, request.outputFormat(), request.outputCompression(), provenance(seed));
    }

    /**
     * Fields shared by the response body and the completed events: what was made (the background
     * resolved from {@code auto}), not what was asked.
     */
    void describe(ObjectNode node) {
        node.put("background", background.apiName());
        node.put("output_format", request.outputFormat().apiName());
        node.put("quality", plan.quality());
        node.put("size", plan.size());
    }

    /** The response body and the completed events echo a non-empty {@code safety_identifier}. */
    void echoSafetyIdentifier(ObjectNode node) {
        request.safetyIdentifier().ifPresent(id -> node.put("safety_identifier", id));
    }

    /**
     * A stream's partial image event: {@code image_generation.partial_image} or {@code image_edit.…},
     * {@code background: opaque} as its picture is.
     */
    ImageStreamEvent partial(byte[] file, long createdAt, int index) {
        String format = request.outputFormat().apiName();
        String opaque = Background.OPAQUE.apiName();
        return edit
                ? new ImageStreamEvent.EditPartialImage(
                        file, createdAt, opaque, format, plan.quality(), plan.size(), index)
                : new ImageStreamEvent.GenerationPartialImage(
                        file, createdAt, opaque, format, plan.quality(), plan.size(), index);
    }

    /** A stream's completed event for one image. */
    ImageStreamEvent completed(byte[] file, long createdAt, boolean sourceCached, EngineUse engine) {
        String format = request.outputFormat().apiName();
        ImageUsage usage = usage(1, false, sourceCached, engine);
        String made = background.apiName();
        return edit
                ? new ImageStreamEvent.EditCompleted(
                        file, createdAt, made, format, plan.quality(), plan.size(), usage, safetyIdentifier())
                : new ImageStreamEvent.GenerationCompleted(
                        file, createdAt, made, format, plan.quality(), plan.size(), usage, safetyIdentifier());
    }

    private java.util.Optional<String> safetyIdentifier() {
        return request.safetyIdentifier();
    }

    /**
     * @param sourceCached the edit's source latents came from a cache: its image tokens are also
     *     reported as {@code input_tokens_details.cached_tokens} (an Easel extension, present only then)
     * @param engine the speed options the images ran with (all of a request's images share them)
     */
    ImageUsage usage(int images, boolean withOutputDetails, boolean sourceCached, EngineUse engine) {
        int output = images * ImageFiles.imageTokens(plan.width(), plan.height());
        return new ImageUsage(
                promptTokens + inputImageTokens,
                new ImageUsage.InputTokensDetails(
                        promptTokens,
                        inputImageTokens,
                        sourceCached ? java.util.Optional.of(inputImageTokens) : java.util.Optional.empty()),
                output,
                promptTokens + inputImageTokens + output,
                withOutputDetails
                        ? java.util.Optional.of(new ImageUsage.OutputTokensDetails(output, 0))
                        : java.util.Optional.empty(),
                report(engine));
    }

    /** {@code usage.easel_engine}: present only when an opt-in speed option changed how the image was made. */
    static java.util.Optional<EngineReport> report(EngineUse use) {
        boolean plain = use.precision() == UnetPrecision.FP32
                && use.decoder() == FinalDecoder.VAE
                && use.guidanceInterval() >= 1
                && use.inpaintArea() == InpaintArea.WHOLE_PICTURE;
        return plain
                ? java.util.Optional.empty()
                : java.util.Optional.of(new EngineReport(
                        use.precision().apiName(),
                        use.decoder().apiName(),
                        use.guidanceInterval(),
                        use.guidedSteps(),
                        use.inpaintArea().apiName()));
    }
}
