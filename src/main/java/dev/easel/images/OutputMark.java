package dev.easel.images;

import dev.easel.charts.Poster;
import dev.easel.engine.EngineCaches;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.ImageJob;
import dev.easel.engine.Init;
import dev.easel.engine.PreviewImage;
import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import dev.easel.safety.watermark.Payload;
import dev.easel.safety.watermark.Watermark;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * What {@link ImageService} does to every picture the engine makes before anyone sees it, previews
 * included, so both APIs, partial images and the MCP tools hand out the same pixels: nothing, or
 * Easel's invisible watermark ({@code provenance.watermark}). The mark is the last thing done to
 * the pixels: a poster is marked after its headline and chart are set.
 */
public sealed interface OutputMark {

    /** The pictures as the engine made them. */
    record Off() implements OutputMark {}

    /**
     * Easel's watermark, its payload the UTC day by {@code clock} and the low 32 bits of the job's
     * seed. A masked edit is marked only inside its mask, so every pixel outside stays the
     * source's, byte for byte. The generated latents move to the marked pixels' key in
     * {@code caches}, so an edit of the returned file still reuses them.
     */
    record Invisible(Clock clock, EngineCaches caches) implements OutputMark {}

    /**
     * The picture handed out for this job's preview, marked in one open-loop pass ({@link
     * Watermark#embedPreview}: read back as reliably, a third of the work).
     */
    default PreviewImage preview(PreviewImage preview, ImageJob job) {
        return switch (this) {
            case Off() -> preview;
            case Invisible(Clock clock, EngineCaches _) ->
                new PreviewImage(
                        preview.previewIndex(),
                        preview.step(),
                        preview.steps(),
                        Watermark.embedPreview(preview.image(), payload(job, clock), region(job)));
        };
    }

    /**
     * The image handed out for this job, made by {@code model} and finished by {@code finish}. Only
     * an image as made is what its latents decode to, so only then do the latents move to the
     * marked pixels' key.
     */
    default GeneratedImage image(GeneratedImage made, ImageJob job, String model, ImageTask.Finish finish) {
        RgbImage finished = switch (finish) {
            case ImageTask.Finish.AsMade() -> made.image();
            case ImageTask.Finish.Overlaid(Poster.Overlay overlay) ->
                Poster.compose(made.image(), overlay).image();
        };
        RgbImage out = switch (this) {
            case Off() -> finished;
            case Invisible(Clock clock, EngineCaches caches) -> {
                RgbImage marked = mark(finished, job, clock);
                if (finish instanceof ImageTask.Finish.AsMade) {
                    caches.rekeyGenerated(model, made.image(), marked, made.latents());
                }
                yield marked;
            }
        };
        return out == made.image()
                ? made
                : new GeneratedImage(
                        out,
                        made.latents(),
                        made.seed(),
                        made.stepsRun(),
                        made.timings(),
                        made.cacheUse(),
                        made.engineUse());
    }

    private static RgbImage mark(RgbImage image, ImageJob job, Clock clock) {
        Payload payload = payload(job, clock);
        return region(job)
                .map(mask -> Watermark.embed(image, payload, mask))
                .orElseGet(() -> Watermark.embed(image, payload));
    }

    private static Payload payload(ImageJob job, Clock clock) {
        return new Payload(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), (int) job.seed());
    }

    /** Where a masked edit changes the picture; empty: everywhere. */
    private static Optional<Mask> region(ImageJob job) {
        return job.init() instanceof Init.Edit(var source, var strength, Init.Masked(var mask))
                ? Optional.of(mask)
                : Optional.empty();
    }
}
