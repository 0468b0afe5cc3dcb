package dev.easel.engine.pull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read chunk by chunk with an idle timeout.
 *
 * <p>The JDK client's request timeout only covers the response headers; a CDN connection that stalls
 * mid-body would block a plain {@code InputStream} forever. Here every wait for the next chunk is
 * bounded, and a stall surfaces as an {@link IOException} the caller retries (resuming the download).
 * One chunk is requested at a time, so memory stays bounded whatever the body size.
 */
final class BodyStream implements Flow.Subscriber<List<ByteBuffer>>, AutoCloseable {

    private static final Object END = new Object();

    private final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    private final Duration idleTimeout;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private boolean finished;
    private boolean awaitingFirst = true;

    private BodyStream(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    static BodyStream of(Flow.Publisher<List<ByteBuffer>> publisher, Duration idleTimeout) {
        BodyStream stream = new BodyStream(idleTimeout);
        publisher.subscribe(stream);
        return stream;
    }

    /**
     * The next buffers of the body, or {@code null} at its end.
     *
     * @throws HttpTimeoutException when nothing arrives within the idle timeout
     * @throws IOException when the transfer fails (e.g. the connection is dropped)
     */
    List<ByteBuffer> next() throws IOException, InterruptedException {
        if (finished) {
            return null;
        }
        if (!awaitingFirst) {
            subscription.request(1);
        }
        awaitingFirst = false;
        Object signal = signals.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (signal == null) {
            close();
            throw new HttpTimeoutException("no data received for " + idleTimeout.toSeconds() + " s");
        }
        if (signal == END) {
            finished = true;
            return null;
        }
        if (signal instanceof Throwable failure) {
            finished = true;
            throw failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
        }
        @SuppressWarnings("unchecked")
        List<ByteBuffer> buffers = (List<ByteBuffer>) signal;
        return buffers;
    }

    /** The whole body, for small API responses; fails beyond {@code limit} bytes. */
    byte[] readAll(int limit) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (List<ByteBuffer> chunk = next(); chunk != null; chunk = next()) {
            for (ByteBuffer buffer : chunk) {
                if (out.size() + buffer.remaining() > limit) {
                    close();
                    throw new IOException("response larger than " + limit + " bytes");
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                out.write(bytes);
            }
        }
        return out.toByteArray();
    }

    /** Stops the transfer; the connection is released or dropped by the client. Idempotent. */
    @Override
    public void close() {
        closed = true;
        finished = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        subscription = newSubscription;
        if (closed) {
            newSubscription.cancel();
        } else {
            newSubscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        signals.add(item);
    }

    @Override
    public void onError(Throwable failure) {
        signals.add(failure);
    }

    @Override
    public void onComplete() {
        signals.add(END);
    }
}
