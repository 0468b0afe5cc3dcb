package dev.easel.images;

import dev.easel.engine.ImageJob;
import dev.easel.safety.moderation.ModerationLevel;
import java.util.List;

/**
 * One request's images: run one after another on one local model, holding one queue slot, their
 * prompts and pictures moderated at {@code moderation}.
 */
public record ImageTask(String model, List<ImageJob> jobs, ModerationLevel moderation) {
    public ImageTask(String model, List<ImageJob> jobs) {
        this(model, jobs, ModerationLevel.AUTO);
    }

    public ImageTask {
        jobs = List.copyOf(jobs);
        java.util.Objects.requireNonNull(moderation, "moderation");
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("a task needs at least one image job");
        }
    }
}
