package dev.easel.api;

import dev.easel.engine.GeneratedImage;
import dev.easel.engine.PreviewImage;
import dev.easel.images.ImageService;
import dev.easel.images.ImageTask;
import dev.easel.images.ImageTaskListener;
import dev.easel.images.QueueFullException;
import dev.easel.wire.ApiException;
import dev.easel.wire.ImageStreamEvent;
import dev.easel.wire.ResponseEvent;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.node.ObjectNode;

/**
 * A streamed Images API response: {@code <prefix>.partial_image} events carrying the engine's real
 * previews, then one {@code <prefix>.completed} per image. A client that disconnects is noticed
 * at the next step (an SSE comment is written per step) and its job is cancelled. Errors after
 * the stream started arrive as an {@code error} event (OpenAI leaves this unspecified; this is the
 * Responses API's shape).
 */
final class ImageStream {
    private final ImageService images;
    private final ImageOutput output;
    private final Clock clock;

    ImageStream(ImageService images, ImageOutput output, Clock clock) {
        this.images = images;
        this.output = output;
        this.clock = clock;
    }

    void run(Context ctx, ImageTask task) throws IOException {
        Listener listener = new Listener();
        CompletableFuture<List<GeneratedImage>> future;
        try {
            // Queue before opening the stream, so a full queue is still an ordinary 429 response.
            future = images.submit(task, listener, listener::clientGone);
        } catch (QueueFullException e) {
            throw ApiException.rateLimited(e.getMessage(), e.retryAfterSeconds());
        }
        SseWriter sse = listener.open(SseWriter.open(ctx));
        try {
            future.join();
        } catch (CompletionException e) {
            if (!sse.clientGone()) {
                // The Responses API's error event: OpenAI's nested error object, and its fields on top.
                var error = new ResponseEvent.Error(
                        Requests.engineFailure(e.getCause()).toErrorObject());
                var event = Json.object();
                event.put("type", error.type());
                event.setAll((ObjectNode) Json.MAPPER.valueToTree(error));
                sse.event(error.type(), event);
            }
        }
    }

    /** Writes events from the worker thread, once the request thread has opened the stream. */
    private final class Listener implements ImageTaskListener {
        private final CountDownLatch opened = new CountDownLatch(1);
        private volatile SseWriter sse;

        SseWriter open(SseWriter writer) {
            sse = writer;
            opened.countDown();
            return writer;
        }

        boolean clientGone() {
            SseWriter s = sse;
            return s != null && s.clientGone();
        }

        private SseWriter writer() {
            try {
                opened.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return sse;
        }

        @Override
        public void onStep(int image, int step, int steps) {
            writer().comment("image " + image + " step " + step + "/" + steps);
        }

        @Override
        public void onPreview(int image, PreviewImage preview) {
            String b64 = output.base64(preview.image(), output.plan().seed() + image);
            write(output.partial(b64, clock.instant().getEpochSecond(), preview.previewIndex()));
        }

        @Override
        public void onImage(int image, GeneratedImage result) {
            String b64 = output.base64(result.image(), result.seed());
            write(output.completed(
                    b64, clock.instant().getEpochSecond(), result.cacheUse().sourceLatentsReused()));
        }

        private void write(ImageStreamEvent event) {
            writer().raw(event.type(), Json.MAPPER.writeValueAsString(event));
        }
    }
}
