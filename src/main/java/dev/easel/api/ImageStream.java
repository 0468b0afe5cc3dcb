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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A streamed Images API response: {@code <prefix>.partial_image} events carrying the engine's real
 * previews, then one {@code <prefix>.completed} per image. The task's delivery thread (never the
 * engine worker, see {@link ImageTaskListener}) renders each event and hands it to the stream's
 * {@link StreamBuffer}; the request thread writes them, so a client that
 * stops reading never holds the worker: once the buffer is full the job is cancelled (it stops at
 * its next denoising step) and the connection dropped. A client that disconnects is heard on its
 * connection at once (and at the latest by the next step's SSE comment) and its job is cancelled
 * the same way. Errors after
 * the stream started arrive as an {@code error} event (OpenAI leaves this unspecified; this is the
 * Responses API's shape).
 */
final class ImageStream {
    private static final Logger log = LoggerFactory.getLogger(ImageStream.class);
    private final ImageService images;
    private final ImageOutput output;
    private final Clock clock;
    private final long bufferChars;

    ImageStream(ImageService images, ImageOutput output, Clock clock, long bufferChars) {
        this.images = images;
        this.output = output;
        this.clock = clock;
        this.bufferChars = bufferChars;
    }

    void run(Context ctx, ImageTask task) throws IOException, InterruptedException {
        StreamBuffer buffer = new StreamBuffer(bufferChars);
        Listener listener = new Listener(buffer);
        CompletableFuture<List<GeneratedImage>> future;
        try {
            // Queue before opening the stream, so a full queue is still an ordinary 429 response.
            future = images.submit(task, listener, buffer::stopped);
        } catch (QueueFullException e) {
            throw ApiException.rateLimited(e.getMessage(), e.retryAfterSeconds());
        }
        future.whenComplete((done, failure) -> {
            if (failure != null) {
                // The Responses API's error event: OpenAI's nested error object, and its fields on top.
                Throwable cause = failure instanceof CompletionException c ? c.getCause() : failure;
                var error =
                        new ResponseEvent.Error(Requests.engineFailure(cause).toErrorObject());
                var event = Json.object();
                event.put("type", error.type());
                event.setAll((ObjectNode) Json.MAPPER.valueToTree(error));
                buffer.offer(error.type(), Json.write(event));
            }
            buffer.end();
        });
        // A stream that stops early (overflow, client gone) has cancelled its job through the
        // token: the worker moves on at the next step, and this thread need not wait for it.
        try (buffer) {
            StreamBuffer.Outcome outcome = buffer.drain(SseWriter.open(ctx));
            if (outcome == StreamBuffer.Outcome.OVERFLOW) {
                log.info("an image stream's client stopped reading (its stream_buffer_bytes filled up): job cancelled");
            }
        }
    }

    /** Renders the task's previews and images into the buffer; never writes to the client. */
    private final class Listener implements ImageTaskListener {
        private final StreamBuffer buffer;

        Listener(StreamBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void onStep(int image, int step, int steps) {
            buffer.probe("image " + image + " step " + step + "/" + steps);
        }

        @Override
        public void onPreview(int image, PreviewImage preview) {
            if (buffer.stopped()) {
                return; // nobody reads it: no need to encode it
            }
            byte[] file = output.encodePartial(preview.image(), output.plan().seed() + image);
            write(output.partial(file, clock.instant().getEpochSecond(), preview.previewIndex()));
        }

        @Override
        public void onImage(int image, GeneratedImage result) {
            if (buffer.stopped()) {
                return;
            }
            byte[] file = output.encode(result);
            write(output.completed(
                    file,
                    clock.instant().getEpochSecond(),
                    result.cacheUse().sourceLatentsReused(),
                    result.engineUse()));
        }

        private void write(ImageStreamEvent event) {
            // Rendered straight to UTF-8 with the file's base64 inside: the bytes the client gets.
            buffer.offer(event.type(), Json.MAPPER.writeValueAsBytes(event));
        }
    }
}
