package dev.easel.responses;

import dev.easel.engine.CancelToken;
import dev.easel.engine.EngineCaches;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.Init;
import dev.easel.engine.Mask;
import dev.easel.engine.ModelInfo;
import dev.easel.engine.PreviewImage;
import dev.easel.engine.RgbImage;
import dev.easel.engine.SourceImage;
import dev.easel.media.OutputFormat;
import dev.easel.media.Resampling;
import dev.easel.tools.ImageFiles;
import dev.easel.tools.ImagePlan;
import dev.easel.tools.ImageService;
import dev.easel.tools.ImageTask;
import dev.easel.tools.ImageTaskListener;
import dev.easel.wire.ApiException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one {@code image_generation} call of a turn through the engine queue and emits its events:
 * {@code output_item.added}, {@code image_generation_call.in_progress}, {@code .generating}, one
 * {@code .partial_image} per preview (the engine's real previews), {@code .completed}, then
 * {@code output_item.done} with the finished item.
 */
final class ImageCallRunner {
    private final ImageService images;
    private final EngineCaches caches;

    ImageCallRunner(ImageService images, EngineCaches caches) {
        this.images = images;
        this.caches = caches;
    }

    /** An image in the conversation that the call may edit; {@code imageId} when it is a generated image. */
    record Source(RgbImage pixels, Optional<String> imageId) {}

    /**
     * The outcome: the finished item and the image tokens it cost (Easel's units); input image
     * tokens whose latents came from a cache are also counted as cached.
     */
    record Result(OutputItem.ImageCall item, int inputImageTokens, int cachedImageTokens, int outputImageTokens) {}

    Result run(
            ImageTool tool,
            String prompt,
            Optional<Source> source,
            Optional<Mask> mask,
            int outputIndex,
            EventSink sink,
            CancelToken cancel) {
        String id = Ids.imageCall();
        String model = images.models()
                .resolve(tool.model())
                .orElseThrow(() -> ApiException.invalid(
                        "tools[0].model",
                        "model_not_found",
                        "The image model '" + tool.model().orElse("") + "' does not exist."));
        ModelInfo info = images.models().get(model).info();
        boolean edit = source.isPresent() && !tool.action().equals("generate");
        if (tool.action().equals("edit") && source.isEmpty()) {
            throw ApiException.invalid(
                    "tools[0].action",
                    "invalid_value",
                    "The image_generation tool's action is 'edit' but the conversation holds no image to edit.");
        }
        int[] auto = edit
                ? ImagePlan.autoSize(
                        source.get().pixels().width(), source.get().pixels().height(), info)
                : new int[] {info.defaults().width(), info.defaults().height()};
        ImagePlan plan = ImagePlan.of(
                new ImagePlan.Ask(tool.size(), tool.quality(), Optional.empty(), tool.seed()), info, auto[0], auto[1]);
        Init init = edit ? editInit(source.get(), mask, plan, tool, caches) : new Init.Noise();
        ImagePlan.Render render =
                new ImagePlan.Render(prompt, "", Optional.empty(), Optional.empty(), tool.partialImages(), 1);
        String action = edit ? "edit" : "generate";

        sink.emit("response.output_item.added", e -> {
            e.put("output_index", outputIndex);
            e.set("item", OutputItem.ImageCall.added(id));
        });
        sink.itemEvent("response.image_generation_call.in_progress", outputIndex, id, e -> {});
        sink.itemEvent("response.image_generation_call.generating", outputIndex, id, e -> {});

        OutputFormat format = OutputFormat.parse(tool.outputFormat());
        ImageTaskListener listener = new ImageTaskListener() {
            @Override
            public void onPreview(int image, PreviewImage preview) {
                String b64 = encode(preview.image(), format, tool, prompt, plan, model);
                sink.itemEvent("response.image_generation_call.partial_image", outputIndex, id, e -> {
                    e.put("partial_image_index", preview.previewIndex());
                    e.put("partial_image_b64", b64);
                    describe(e, plan, tool);
                });
            }
        };
        GeneratedImage generated;
        try {
            generated = images.submit(new ImageTask(model, plan.jobs(render, info, init)), listener, cancel)
                    .join()
                    .getFirst();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        OutputItem.ImageCall item = new OutputItem.ImageCall(
                id,
                "completed",
                "opaque",
                tool.outputFormat(),
                plan.quality(),
                Optional.of(encode(generated.image(), format, tool, prompt, plan, model)),
                prompt,
                plan.size(),
                action);
        sink.itemEvent("response.image_generation_call.completed", outputIndex, id, e -> {});
        ObjectNode done = item.toJson();
        sink.emit("response.output_item.done", e -> {
            e.put("output_index", outputIndex);
            e.set("item", done);
        });
        caches.putImageLatents(id, generated.latents());
        int in = edit
                ? ImageFiles.imageTokens(
                        source.get().pixels().width(), source.get().pixels().height())
                : 0;
        int cached = generated.cacheUse().sourceLatentsReused() ? in : 0;
        return new Result(item, in, cached, ImageFiles.imageTokens(plan.width(), plan.height()));
    }

    /**
     * The edit's start. A generated image at the planned size starts from its cached final
     * latents (no VAE round trip, exact); anything else from its pixels.
     */
    private static Init editInit(
            Source source, Optional<Mask> mask, ImagePlan plan, ImageTool tool, EngineCaches caches) {
        RgbImage pixels = source.pixels();
        boolean sameSize = pixels.width() == plan.width() && pixels.height() == plan.height();
        if (!sameSize) {
            pixels = Resampling.resize(pixels, plan.width(), plan.height());
        }
        RgbImage start = pixels;
        SourceImage sourceImage = source.imageId()
                .filter(id -> sameSize)
                .flatMap(caches::imageLatents)
                .<SourceImage>map(latents -> new SourceImage.Known(start, latents))
                .orElse(new SourceImage.PixelsOnly(start));
        Init.MaskChoice choice = new Init.WholeImage();
        if (mask.isPresent()) {
            Mask m = mask.get();
            if (m.width() != source.pixels().width()
                    || m.height() != source.pixels().height()) {
                throw ApiException.invalid(
                        "tools[0].input_image_mask",
                        "invalid_value",
                        "The mask is "
                                + m.width() + "x" + m.height() + " but the image to edit is "
                                + source.pixels().width() + "x"
                                + source.pixels().height() + ".");
            }
            choice = new Init.Masked(
                    m.width() == plan.width() && m.height() == plan.height()
                            ? m
                            : Resampling.resize(m, plan.width(), plan.height()));
        }
        double strength =
                ImagePlan.editStrength(mask.isPresent(), tool.inputFidelity().orElse("low"));
        return new Init.Edit(sourceImage, strength, choice);
    }

    private static String encode(
            RgbImage image, OutputFormat format, ImageTool tool, String prompt, ImagePlan plan, String model) {
        return ImageFiles.base64(
                image,
                format,
                tool.outputCompression(),
                new ImageFiles.Provenance(prompt, "", plan.steps(), plan.seed(), model));
    }

    private static void describe(ObjectNode e, ImagePlan plan, ImageTool tool) {
        e.put("size", plan.size());
        e.put("quality", plan.quality());
        e.put("background", "opaque");
        e.put("output_format", tool.outputFormat());
    }
}
