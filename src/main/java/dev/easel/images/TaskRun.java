package dev.easel.images;

import dev.easel.engine.CancelToken;
import dev.easel.engine.DiffusionModel;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.GenerationCancelledException;
import dev.easel.engine.GenerationListener;
import dev.easel.engine.ImageJob;
import dev.easel.engine.PreviewImage;
import dev.easel.engine.StepProgress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One task of the {@link ImageService} from its submission to its future: the listener the engine
 * calls for each of its jobs, its {@link Deliveries}, the images they handed out and its first
 * failure. Its pictures go out in job order even when its jobs run in lockstep: a later job's
 * previews and image wait until every earlier job's image has been added, so a listener (a stream
 * whose partial images do not say which image they belong to) sees what one job after another
 * shows. Threading: used by the worker's thread, but for {@link #complete}'s continuation, which
 * runs once the deliveries have drained.
 */
final class TaskRun {
    /** What was submitted: the task, who listens, what cancels it, and when it was queued ({@link System#nanoTime}). */
    record Submission(ImageTask task, ImageTaskListener listener, CancelToken cancel, long queuedAt) {}

    /** What the service does with each of the task's pictures, on a delivery thread, and with its end. */
    interface Service {
        /** The preview the listener may see: checked (throws when it is blocked) and marked. */
        PreviewImage preview(DiffusionModel model, ImageTask task, ImageJob job, PreviewImage preview);

        /** The image handed out: checked (throws when it is blocked), finished, marked, its stage times recorded. */
        GeneratedImage image(DiffusionModel model, ImageTask task, ImageJob job, GeneratedImage made);

        /** Counts the task's end ({@code completed}, {@code cancelled} or {@code failed}) and its latency. */
        void ended(String outcome, long queuedAt);
    }

    final Submission submission;
    private final Deliveries deliveries;
    private final Service service;
    private final CompletableFuture<List<GeneratedImage>> result = new CompletableFuture<>();
    /** Filled by the deliveries, one at a time; read once they have drained. */
    private final List<GeneratedImage> images = new ArrayList<>();

    private RuntimeException failure;
    /** The job whose pictures go out now; later jobs' wait in {@link #held}. */
    private int next;

    private final Map<Integer, List<Held>> held = new HashMap<>();

    private record Held(Runnable delivery, boolean image) {}

    TaskRun(Submission submission, Deliveries deliveries, Service service) {
        this.submission = submission;
        this.deliveries = deliveries;
        this.service = service;
    }

    ImageTask task() {
        return submission.task();
    }

    /** Completes with one image per job, or exceptionally with the task's first failure. */
    CompletableFuture<List<GeneratedImage>> result() {
        return result;
    }

    boolean failed() {
        return failure != null;
    }

    /** Throws the failure of an earlier hand-out, if one failed (a task's next job does not start then). */
    void rethrowDelivery() {
        deliveries.rethrow();
    }

    /** Ends the task with {@code e} unless it already failed; pictures not yet handed out never will be. */
    void fail(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
        held.clear();
    }

    /** The engine's listener for job {@code index}. */
    GenerationListener listener(int index, DiffusionModel model) {
        ImageTask task = submission.task();
        ImageJob job = task.jobs().get(index);
        ImageTaskListener listener = submission.listener();
        CancelToken cancel = submission.cancel();
        return new GenerationListener() {
            @Override
            public void onStep(StepProgress p) {
                deliveries.rethrow(); // a blocked preview, or a listener that failed, ends the run
                if (failure != null) {
                    throw failure; // another job of this task failed: this one leaves its batch too
                }
                listener.onStep(index, p.step(), p.steps());
            }

            @Override
            public void onPreview(PreviewImage preview) {
                handOut(
                        index,
                        () -> {
                            if (cancel.isCancelled()) {
                                return; // the run ends at its next step: nobody wants this one
                            }
                            // A preview the output check blocks is never sent: the run ends at its next step.
                            listener.onPreview(index, service.preview(model, task, job, preview));
                        },
                        false);
            }
        };
    }

    /** Hands out job {@code index}'s finished image, unless the task has failed. */
    void deliver(int index, GeneratedImage made, DiffusionModel model) {
        ImageTask task = submission.task();
        ImageJob job = task.jobs().get(index);
        handOut(
                index,
                () -> {
                    if (submission.cancel().isCancelled()) {
                        return; // the task ends cancelled: nobody wants this image any more
                    }
                    GeneratedImage image = service.image(model, task, job, made);
                    submission.listener().onImage(index, image);
                    images.add(image);
                },
                true);
    }

    /** Adds job {@code index}'s hand-out now if every earlier job's image has been added, else once it has. */
    private void handOut(int index, Runnable delivery, boolean image) {
        if (failure != null) {
            return;
        }
        if (index != next) {
            held.computeIfAbsent(index, i -> new ArrayList<>()).add(new Held(delivery, image));
            return;
        }
        deliveries.add(delivery);
        if (image) {
            next++;
            while (held.containsKey(next)) {
                boolean finished = false;
                for (Held h : held.remove(next)) {
                    deliveries.add(h.delivery());
                    finished |= h.image();
                }
                if (!finished) {
                    break;
                }
                next++;
            }
        }
    }

    /**
     * Completes the future once the deliveries have drained: with the images, or with the first
     * failure, or cancelled when the token fired before the last image was handed out.
     */
    void complete() {
        RuntimeException engineFailure = failure;
        deliveries.drained().whenComplete((done, broken) -> {
            RuntimeException f = engineFailure;
            if (f == null && broken != null) {
                f = new IllegalStateException("an image could not be handed out", broken);
            }
            if (f == null) {
                try {
                    deliveries.rethrow();
                } catch (RuntimeException e) {
                    f = e;
                }
            }
            if (f == null && submission.cancel().isCancelled()) {
                // Cancelled after the engine was done but before every image was handed out (a
                // client gone while its pictures were still being marked and sent): nobody got
                // them, so the task was cancelled, not completed.
                f = new GenerationCancelledException(
                        submission.task().jobs().getLast().steps());
            }
            String outcome =
                    f == null ? "completed" : f instanceof GenerationCancelledException ? "cancelled" : "failed";
            service.ended(outcome, submission.queuedAt());
            if (f != null) {
                result.completeExceptionally(f);
            } else {
                result.complete(List.copyOf(images));
            }
        });
    }
}
