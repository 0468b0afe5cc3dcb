package dev.easel.engine;

import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import java.util.Optional;

/**
 * A masked edit at {@link InpaintArea#AROUND_MASK}: the UNet denoises only a latent crop around the
 * mask (its bounds, the feather and {@link #CONTEXT} latents of context, grown to a multiple of
 * {@link #MULTIPLE} latents since SD's UNet halves the latent size three times), run as an edit of
 * a picture of its own; its latents and pixels are then written back into the source's. The
 * UNet's cost falls with the crop's area, but it sees only the context, so what it paints may fit
 * the rest of the picture less well; the pixels outside the mask are kept exactly either way.
 * When the crop would not be clearly smaller than the picture, or the UNet has a fixed size, the
 * whole picture is denoised.
 */
final class AroundMaskRun {
    /** Latents of context each side (32 px, the big UIs' default padding for "only masked"). */
    static final int CONTEXT = 4;
    /** The crop's sides are multiples of this many latents (or the picture's own side). */
    static final int MULTIPLE = 8;

    private AroundMaskRun() {}

    /**
     * The latents to denoise for {@code mask} in a {@code width}×{@code height} picture with
     * {@code info}'s model, if a crop is worth it (a mask of another size gets none: the plain run
     * refuses it).
     */
    static Optional<LatentRegion> crop(Mask mask, int width, int height, ModelInfo info) {
        if (info.minSize() == info.maxSize() || mask.width() != width || mask.height() != height) {
            return Optional.empty();
        }
        MaskGeometry geometry = new MaskGeometry(mask);
        int lw = mask.width() / 8;
        int lh = mask.height() / 8;
        return geometry.changeBounds()
                .map(bounds -> bounds.grown(CONTEXT, lw, lh))
                .map(r -> {
                    int w = Math.clamp(roundUp(r.width()), info.minSize() / 8, lw);
                    int h = Math.clamp(roundUp(r.height()), info.minSize() / 8, lh);
                    int x = Math.clamp(r.x() - (w - r.width()) / 2, 0, lw - w);
                    int y = Math.clamp(r.y() - (h - r.height()) / 2, 0, lh - h);
                    return new LatentRegion(x, y, w, h);
                })
                .filter(r -> r.area() < RegionDecode.MAX_SHARE * lw * lh);
    }

    private static int roundUp(int latents) {
        return Math.ceilDiv(latents, MULTIPLE) * MULTIPLE;
    }

    /**
     * Runs {@code job} (a masked edit of {@code edit}'s source) on {@code crop} of it. The result
     * is full size: the source's latents and pixels with the crop's written in; its timings are the
     * crop run's plus the source's encode, and its decoded region is where the crop's lies.
     */
    static GeneratedImage run(
            DiffusionModel model,
            ImageJob job,
            Init.Edit edit,
            Mask mask,
            LatentRegion crop,
            GenerationListener listener,
            CancelToken cancel) {
        long begin = System.nanoTime();
        StageTimings encode = new StageTimings();
        EditStart.FromSource start = EditState.fromSource(model, edit, encode);
        Latents latents = start.latents();
        RgbImage pixels = edit.source().pixels();
        RgbImage cropPixels = crop(pixels, crop);
        Init.Edit cropEdit = new Init.Edit(
                new SourceImage.Known(cropPixels, latents.crop(crop)),
                edit.strength(),
                new Init.Masked(crop(mask, crop)));
        ImageJob cropJob = new ImageJob(
                job.prompt(),
                job.negativePrompt(),
                crop.width() * 8,
                crop.height() * 8,
                job.steps(),
                job.guidanceScale(),
                job.seed(),
                job.scheduler(),
                job.previews(),
                cropEdit,
                job.options(),
                job.imagePrompt());
        GenerationListener inPicture = new GenerationListener() {
            @Override
            public void onStep(StepProgress p) {
                listener.onStep(new StepProgress(p.step(), p.steps(), latents.pasted(p.predictedClean(), crop)));
            }

            @Override
            public void onPreview(PreviewImage p) {
                listener.onPreview(
                        new PreviewImage(p.previewIndex(), p.step(), p.steps(), pasted(pixels, p.image(), crop)));
            }
        };
        GeneratedImage part = new DiffusionRun(model, cropJob, inPicture, cancel).run();
        Latents full = latents.pasted(part.latents(), crop);
        RgbImage image = pasted(pixels, part.image(), crop);
        StageTimings timings = part.timings();
        timings.add(Stage.VAE_ENCODER, encode.nanos(Stage.VAE_ENCODER));
        timings.addOrt(encode.ortNanos());
        timings.decodedRegion()
                .ifPresent(r ->
                        timings.decoded(new LatentRegion(crop.x() + r.x(), crop.y() + r.y(), r.width(), r.height())));
        timings.total(System.nanoTime() - begin);
        model.caches.putGeneratedLatents(EngineCaches.pixelKey(model.name, image), full);
        CacheUse use =
                new CacheUse(part.cacheUse().promptsCached(), part.cacheUse().promptsNeeded(), start.reused());
        return new GeneratedImage(
                image,
                full,
                job.seed(),
                part.stepsRun(),
                timings,
                use,
                part.engineUse().aroundMask());
    }

    private static RgbImage crop(RgbImage image, LatentRegion r) {
        int w = r.width() * 8;
        int h = r.height() * 8;
        byte[] out = new byte[w * h * 3];
        for (int row = 0; row < h; row++) {
            System.arraycopy(image.rgb(), ((r.y() * 8 + row) * image.width() + r.x() * 8) * 3, out, row * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }

    private static Mask crop(Mask mask, LatentRegion r) {
        int w = r.width() * 8;
        int h = r.height() * 8;
        float[] out = new float[w * h];
        for (int row = 0; row < h; row++) {
            System.arraycopy(mask.values(), (r.y() * 8 + row) * mask.width() + r.x() * 8, out, row * w, w);
        }
        return new Mask(w, h, out);
    }

    private static RgbImage pasted(RgbImage image, RgbImage part, LatentRegion r) {
        byte[] out = image.rgb().clone();
        int w = part.width();
        for (int row = 0; row < part.height(); row++) {
            System.arraycopy(part.rgb(), row * w * 3, out, ((r.y() * 8 + row) * image.width() + r.x() * 8) * 3, w * 3);
        }
        return new RgbImage(image.width(), image.height(), out);
    }
}
