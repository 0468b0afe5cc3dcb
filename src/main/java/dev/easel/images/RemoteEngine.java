package dev.easel.images;

import dev.easel.engine.CancelToken;
import dev.easel.engine.GeneratedImage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An engine in other processes: the workers of a shared queue, which run each {@link ImageTask} through an
 * {@link ImageService} of their own (moderated, marked and matted there) and send its previews and images back.
 * {@link ImageService#submit} hands every task to it after its own checks and admission. The listener's calls
 * come as {@link ImageTaskListener} promises, one at a time, in job order and before the future completes;
 * {@link ImageTaskListener#onStep} does not come (steps stay on the worker).
 */
public interface RemoteEngine extends AutoCloseable {
    /**
     * @throws dev.easel.wire.ApiException at once when no worker serves the task's model
     */
    CompletableFuture<List<GeneratedImage>> submit(ImageTask task, ImageTaskListener listener, CancelToken cancel);

    /**
     * The model as the workers that serve it loaded it, as they announce it: what an API node plans a request
     * by without loading the model itself.
     *
     * @throws dev.easel.wire.ApiException (503) when no worker serves the model, or the queue cannot be reached
     */
    ModelView describe(String model);

    @Override
    void close();
}
