package dev.easel.images;

import dev.easel.charts.Poster;
import dev.easel.engine.ImageJob;
import java.util.List;

/**
 * One request's images: run one after another on one local model, holding one queue slot. Each
 * finished image gets {@code finish} before it is marked ({@link OutputMark}) and handed out.
 */
public record ImageTask(String model, List<ImageJob> jobs, Finish finish) {
    public ImageTask {
        jobs = List.copyOf(jobs);
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("a task needs at least one image job");
        }
    }

    /** Images handed out as the engine made them. */
    public ImageTask(String model, List<ImageJob> jobs) {
        this(model, jobs, new Finish.AsMade());
    }

    /** What is done to a finished image before it is marked (previews are handed out as made). */
    public sealed interface Finish {
        record AsMade() implements Finish {}

        /** A poster: the overlay's exact headline and chart set over the scene. */
        record Overlaid(Poster.Overlay overlay) implements Finish {}
    }
}
