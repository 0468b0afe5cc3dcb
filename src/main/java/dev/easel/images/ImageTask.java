package dev.easel.images;

import dev.easel.engine.ImageJob;
import java.util.List;

/** One request's images: run one after another on one local model, holding one queue slot. */
public record ImageTask(String model, List<ImageJob> jobs) {
    public ImageTask {
        jobs = List.copyOf(jobs);
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("a task needs at least one image job");
        }
    }
}
