package dev.easel.tools.mcp;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK client the SDK's transports use, wrapped so that every answer's status reaches the
 * session's {@link ExchangeLog} before the SDK turns it into an exception message.
 */
final class ObservedHttpClient extends HttpClient {
    private final HttpClient delegate;
    private final ExchangeLog log;

    ObservedHttpClient(HttpClient delegate, ExchangeLog log) {
        this.delegate = delegate;
        this.log = log;
    }

    /**
     * The most bytes one answer's body may have: far above any sane tool result, and what stops a
     * hostile or broken server from filling the heap (the SDK reads JSON replies whole; it limits
     * one SSE line to 16 MiB and 7 bytes, just above this).
     */
    static final long MAX_BODY_BYTES = 16L << 20;

    private <T> HttpResponse.BodyHandler<T> observed(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return info -> {
            log.answered(request.method(), info.statusCode());
            HttpResponse.BodySubscriber<T> limited = new Limited<>(handler.apply(info), MAX_BODY_BYTES, log);
            boolean stream = info.headers()
                    .firstValue("Content-Type")
                    .map(t -> t.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream"))
                    .orElse(false);
            // A POST's reply stream may end before its response: it is resumed (the SDK does not).
            return request.method().equals("POST") && info.statusCode() == 200 && stream
                    ? new ResumingSseSubscriber<>(limited, request, delegate)
                    : limited;
        };
    }

    /** A body subscriber that fails the body once it passes {@code limit} bytes. */
    static final class Limited<T> implements HttpResponse.BodySubscriber<T> {
        private final HttpResponse.BodySubscriber<T> downstream;
        private final long limit;
        private final ExchangeLog log;
        private java.util.concurrent.Flow.Subscription subscription;
        private long seen;
        private boolean failed;

        Limited(HttpResponse.BodySubscriber<T> downstream, long limit, ExchangeLog log) {
            this.downstream = downstream;
            this.limit = limit;
            this.log = log;
        }

        @Override
        public java.util.concurrent.CompletionStage<T> getBody() {
            return downstream.getBody();
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            subscription = s;
            downstream.onSubscribe(s);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> item) {
            if (failed) {
                return;
            }
            for (java.nio.ByteBuffer b : item) {
                seen += b.remaining();
            }
            if (seen > limit) {
                failed = true;
                subscription.cancel();
                log.refused("the MCP server's answer is larger than " + (limit >> 20) + " MiB; it was not read");
                downstream.onError(new java.io.IOException("answer larger than " + limit + " bytes"));
                return;
            }
            downstream.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            if (!failed) {
                downstream.onError(throwable);
            }
        }

        @Override
        public void onComplete() {
            if (!failed) {
                downstream.onComplete();
            }
        }
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return delegate.send(request, observed(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(request, observed(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        // Server push is never wanted from an MCP server.
        return delegate.sendAsync(request, observed(request, handler));
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public void shutdownNow() {
        delegate.shutdownNow();
    }

    @Override
    public boolean awaitTermination(Duration duration) throws InterruptedException {
        return delegate.awaitTermination(duration);
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public void close() {
        delegate.shutdownNow();
    }
}
