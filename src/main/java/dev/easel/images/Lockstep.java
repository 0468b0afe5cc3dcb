package dev.easel.images;

import dev.easel.engine.BatchEntry;
import dev.easel.engine.BatchKey;
import dev.easel.engine.CancelToken;
import dev.easel.engine.DiffusionModel;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.GenerationListener;
import dev.easel.engine.ImageJob;
import dev.easel.engine.JobOutcome;
import io.micrometer.core.instrument.DistributionSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How a worker runs its tasks' jobs when the model batches ({@link DiffusionModel#maxBatch}):
 * which queued tasks join the task it took, and the jobs of them all in lockstep runs of one
 * {@link BatchKey}, one UNet call per step for each run (a job alone where the model does not
 * batch or the jobs do not share a key). Each task keeps its own listener, deliveries, token and
 * future ({@link TaskRun}).
 */
final class Lockstep {
    private Lockstep() {}

    /**
     * The tasks of {@code waiting} (in queue order) that run in lockstep with {@code first}: same
     * model, every job of {@code first}'s batch key, while all their jobs fit one batch; each is
     * taken only if {@code take} removes it from the queue (another worker may have it already).
     * A task passed over waits for the next free worker as before.
     */
    static List<TaskRun> companions(
            TaskRun first, DiffusionModel model, List<TaskRun> waiting, Predicate<TaskRun> take) {
        int limit = model.maxBatch();
        int jobs = first.task().jobs().size();
        Optional<BatchKey> key = commonKey(model, first.task());
        if (jobs >= limit || key.isEmpty()) {
            return List.of();
        }
        List<TaskRun> out = new ArrayList<>();
        for (TaskRun run : waiting) {
            if (jobs >= limit) {
                break;
            }
            if (run.task().model().equals(first.task().model())
                    && jobs + run.task().jobs().size() <= limit
                    && commonKey(model, run.task()).equals(key)
                    && take.test(run)) {
                out.add(run);
                jobs += run.task().jobs().size();
            }
        }
        return out;
    }

    /** The batch key every job of {@code task} has, or empty when they differ (or one has none). */
    static Optional<BatchKey> commonKey(DiffusionModel model, ImageTask task) {
        Optional<BatchKey> key = model.batchKey(task.jobs().getFirst());
        for (ImageJob job : task.jobs()) {
            if (!model.batchKey(job).equals(key)) {
                return Optional.empty();
            }
        }
        return key;
    }

    /**
     * Every job of {@code runs}, in order: where the model batches and the jobs share a batch key,
     * in lockstep runs of up to {@link DiffusionModel#maxBatch} jobs, else one at a time. A task
     * that has failed (a job, or a hand-out) runs no more jobs; each run's size goes to
     * {@code sizes}.
     */
    static void generate(DiffusionModel model, List<TaskRun> runs, DistributionSummary sizes) {
        List<Slot> slots = new ArrayList<>();
        for (TaskRun run : runs) {
            for (int i = 0; i < run.task().jobs().size(); i++) {
                slots.add(new Slot(run, i));
            }
        }
        int limit = model.maxBatch();
        int size = limit > 1 && commonKey(model, runs.getFirst().task()).isPresent() ? limit : 1;
        for (int from = 0; from < slots.size(); from += size) {
            List<Slot> live = new ArrayList<>();
            for (Slot slot : slots.subList(from, Math.min(slots.size(), from + size))) {
                if (!slot.run().failed()) {
                    try {
                        slot.run().rethrowDelivery(); // a failed hand-out ends its task before its next job
                        live.add(slot);
                    } catch (RuntimeException e) {
                        slot.run().fail(e);
                    }
                }
            }
            if (live.isEmpty()) {
                continue;
            }
            sizes.record(live.size());
            if (live.size() == 1) {
                Slot slot = live.getFirst();
                try {
                    GeneratedImage made = model.generate(slot.job(), slot.listener(model), slot.cancel());
                    slot.run().deliver(slot.index(), made, model);
                } catch (RuntimeException e) {
                    slot.run().fail(e);
                }
                continue;
            }
            List<BatchEntry> entries = live.stream()
                    .map(s -> new BatchEntry(s.job(), s.listener(model), s.cancel()))
                    .toList();
            List<JobOutcome> outcomes = model.generateBatch(entries);
            for (int k = 0; k < live.size(); k++) {
                Slot slot = live.get(k);
                switch (outcomes.get(k)) {
                    case JobOutcome.Made made -> slot.run().deliver(slot.index(), made.image(), model);
                    case JobOutcome.Failed failed -> slot.run().fail(failed.error());
                }
            }
        }
    }

    /** Job {@code index} of a task being run. */
    private record Slot(TaskRun run, int index) {
        ImageJob job() {
            return run.task().jobs().get(index);
        }

        CancelToken cancel() {
            return run.submission.cancel();
        }

        GenerationListener listener(DiffusionModel model) {
            return run.listener(index, model);
        }
    }
}
