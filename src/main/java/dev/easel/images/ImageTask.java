package dev.easel.images;

import dev.easel.charts.Poster;
import dev.easel.engine.ImageJob;
import dev.easel.safety.moderation.ModerationLevel;
import java.util.List;

/**
 * One request's images: run on one local model, holding one queue slot, one after another or,
 * where the model batches, in lockstep (one UNet call per step for several images, perhaps with
 * other tasks' of the same shape), their prompts and pictures moderated at {@code moderation}.
 * Each finished image gets {@code finish} before it is marked ({@link OutputMark}) and handed out,
 * in job order either way; with a {@link Background#TRANSPARENT} background, the marked image then
 * gets the matting model's alpha (previews stay opaque).
 */
public record ImageTask(
        String model, List<ImageJob> jobs, ModerationLevel moderation, Finish finish, Background background) {
    /** Images moderated at {@code auto}, handed out opaque as the engine made them. */
    public ImageTask(String model, List<ImageJob> jobs) {
        this(model, jobs, ModerationLevel.AUTO, new Finish.AsMade(), Background.OPAQUE);
    }

    /** Images handed out opaque as the engine made them. */
    public ImageTask(String model, List<ImageJob> jobs, ModerationLevel moderation) {
        this(model, jobs, moderation, new Finish.AsMade(), Background.OPAQUE);
    }

    public ImageTask {
        jobs = List.copyOf(jobs);
        java.util.Objects.requireNonNull(moderation, "moderation");
        java.util.Objects.requireNonNull(background, "background");
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("a task needs at least one image job");
        }
    }

    /** What is done to a finished image before it is marked (previews are handed out as made). */
    public sealed interface Finish {
        record AsMade() implements Finish {}

        /** A poster: the overlay's exact headline and chart set over the scene. */
        record Overlaid(Poster.Overlay overlay) implements Finish {}
    }
}
