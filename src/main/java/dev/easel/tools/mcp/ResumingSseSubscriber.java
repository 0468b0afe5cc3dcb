package dev.easel.tools.mcp;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Streamable HTTP's resumption (2025-11-25), under the SDK, which does not resume: the SSE stream
 * that answers a POST may end before the JSON-RPC response comes (a server polling its clients
 * sends a priming event with an id, then closes the stream after a {@code retry} field). This
 * subscriber reads the stream's event ids and {@code retry} as the bytes pass to the SDK's own
 * subscriber; when the stream ends with no response yet and an event id was seen, it waits
 * {@code retry} milliseconds and GETs the same endpoint with {@code Last-Event-ID}, and passes that
 * stream's bytes on as the continuation of the first, up to {@link #MAX_RESUMES} times. The SDK
 * sees one stream.
 */
final class ResumingSseSubscriber<T> implements HttpResponse.BodySubscriber<T> {
    static final int MAX_RESUMES = 5;
    /** How much of a line and of an event's data is kept to read its fields. */
    private static final int KEPT = 4096;

    private static final java.util.regex.Pattern RESPONSE =
            java.util.regex.Pattern.compile("\\s*\\{[^{\\[]*\"(result|error)\"\\s*:");
    private static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(10);
    /** Request headers the resuming GET does not copy (it has no body, and asks for a stream). */
    private static final Set<String> NOT_COPIED = Set.of("content-type", "content-length", "accept", "last-event-id");

    private final HttpResponse.BodySubscriber<T> downstream;
    private final HttpRequest original;
    private final HttpClient client;
    private final Object lock = new Object();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private Flow.Subscription upstream;
    private long outstanding;
    private boolean cancelled;
    private boolean done;
    private boolean responded;
    private boolean lastWasCr;
    private String eventId;
    private String pendingId;
    private Duration retry = DEFAULT_RETRY;
    private int resumes;

    ResumingSseSubscriber(HttpResponse.BodySubscriber<T> downstream, HttpRequest original, HttpClient client) {
        this.downstream = downstream;
        this.original = original;
        this.client = client;
    }

    @Override
    public CompletionStage<T> getBody() {
        return downstream.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        synchronized (lock) {
            upstream = subscription;
        }
        downstream.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                Flow.Subscription current;
                synchronized (lock) {
                    outstanding = outstanding + n < 0 ? Long.MAX_VALUE : outstanding + n;
                    current = upstream;
                }
                if (current != null) {
                    current.request(n);
                }
            }

            @Override
            public void cancel() {
                Flow.Subscription current;
                synchronized (lock) {
                    cancelled = true;
                    current = upstream;
                }
                if (current != null) {
                    current.cancel();
                }
            }
        });
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        synchronized (lock) {
            outstanding--;
            for (ByteBuffer buffer : item) {
                ByteBuffer view = buffer.duplicate();
                while (view.hasRemaining()) {
                    scan(view.get());
                }
            }
        }
        downstream.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
        downstream.onError(throwable);
    }

    @Override
    public void onComplete() {
        boolean resume;
        Duration wait;
        synchronized (lock) {
            resume = !responded && !cancelled && !done && eventId != null && resumes < MAX_RESUMES;
            if (resume) {
                resumes++;
                upstream = null;
            }
            wait = retry;
        }
        if (!resume) {
            downstream.onComplete();
            return;
        }
        CompletableFuture.runAsync(
                this::resume, CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** GETs the stream after the last event id and feeds it on; gives up (completing the body) on any failure. */
    private void resume() {
        HttpRequest.Builder get = HttpRequest.newBuilder(original.uri())
                .GET()
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", eventId);
        original.timeout().ifPresent(get::timeout);
        original.headers().map().forEach((name, values) -> {
            if (!NOT_COPIED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> get.header(name, v));
            }
        });
        client.sendAsync(get.build(), info -> {
                    if (info.statusCode() != 200) {
                        return HttpResponse.BodySubscribers.discarding();
                    }
                    return new Continuation();
                })
                .whenComplete((response, failure) -> {
                    if (failure != null || response.statusCode() != 200) {
                        finish();
                    }
                });
    }

    private void finish() {
        synchronized (lock) {
            if (done) {
                return;
            }
            done = true;
        }
        downstream.onComplete();
    }

    /** The resumed stream: its bytes go on to the SDK as if the first stream went on. */
    private final class Continuation implements HttpResponse.BodySubscriber<Void> {
        private final CompletableFuture<Void> body = new CompletableFuture<>();

        @Override
        public CompletionStage<Void> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            long demand;
            boolean stop;
            synchronized (lock) {
                upstream = subscription;
                demand = outstanding;
                stop = cancelled;
            }
            if (stop) {
                subscription.cancel();
            } else if (demand > 0) {
                subscription.request(demand);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            ResumingSseSubscriber.this.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            body.complete(null);
            ResumingSseSubscriber.this.onError(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(null);
            ResumingSseSubscriber.this.onComplete();
        }
    }

    /** One byte of the stream: SSE lines, ended by CR, LF or CRLF. Holds the lock. */
    private void scan(byte b) {
        if (b == '\n' && lastWasCr) {
            lastWasCr = false;
            return;
        }
        lastWasCr = b == '\r';
        if (b == '\n' || b == '\r') {
            line(line.toString(StandardCharsets.UTF_8));
            line.reset();
        } else if (line.size() < KEPT) {
            line.write(b); // what this class reads is at a line's start; the whole line is the SDK's to read
        }
    }

    private void line(String text) {
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> {
                if (!value.contains("\0")) {
                    pendingId = value;
                }
            }
            case "retry" -> {
                if (value.matches("\\d{1,9}")) {
                    Duration asked = Duration.ofMillis(Long.parseLong(value));
                    retry = asked.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : asked;
                }
            }
            case "data" -> {
                if (data.length() < KEPT) {
                    data.append(value).append('\n');
                }
            }
            default -> {}
        }
    }

    private void dispatch() {
        if (pendingId != null) {
            eventId = pendingId.isEmpty() ? null : pendingId;
            pendingId = null;
        }
        if (!data.isEmpty() && isResponse(data.toString())) {
            responded = true;
        }
        data.setLength(0);
    }

    /**
     * A JSON-RPC response, not a request or notification: its top-level {@code result} or
     * {@code error} key comes before any nested object (a request's {@code params} object comes
     * after its {@code method}). Read from the event's first {@link #KEPT} characters, so a large
     * result costs nothing here.
     */
    private static boolean isResponse(String json) {
        return RESPONSE.matcher(json).lookingAt();
    }
}
