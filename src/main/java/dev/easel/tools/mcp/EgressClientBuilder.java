package dev.easel.tools.mcp;

import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The {@link HttpClient.Builder} handed to the SDK's transports: it builds clients that never
 * follow redirects (a 3xx is an HTTP error, so a server cannot bounce Easel to an address the URL
 * guard refused), use no proxy, cookie store or authenticator, and report every status to the
 * {@link ExchangeLog}. The transports may set a connect timeout and their executor; redirect,
 * proxy, cookie and authenticator settings they try are ignored. It remembers what it built so the
 * session can shut the clients down.
 */
final class EgressClientBuilder implements HttpClient.Builder {
    private final HttpClient.Builder delegate = HttpClient.newBuilder();
    private final ExchangeLog log;
    private final List<HttpClient> built = new ArrayList<>();

    EgressClientBuilder(ExchangeLog log, Duration connectTimeout) {
        this.log = log;
        delegate.connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1);
    }

    @Override
    public synchronized HttpClient build() {
        delegate.followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY);
        HttpClient client = new ObservedHttpClient(delegate.build(), log);
        built.add(client);
        return client;
    }

    /** Stops every client built, without waiting for open streams. */
    synchronized void shutdownAll() {
        built.forEach(HttpClient::shutdownNow);
    }

    @Override
    public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
        return this;
    }

    @Override
    public HttpClient.Builder connectTimeout(Duration duration) {
        delegate.connectTimeout(duration);
        return this;
    }

    @Override
    public HttpClient.Builder sslContext(SSLContext sslContext) {
        delegate.sslContext(sslContext);
        return this;
    }

    @Override
    public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
        delegate.sslParameters(sslParameters);
        return this;
    }

    @Override
    public HttpClient.Builder executor(Executor executor) {
        delegate.executor(executor);
        return this;
    }

    @Override
    public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
        return this;
    }

    @Override
    public HttpClient.Builder version(HttpClient.Version version) {
        delegate.version(version);
        return this;
    }

    @Override
    public HttpClient.Builder priority(int priority) {
        delegate.priority(priority);
        return this;
    }

    @Override
    public HttpClient.Builder proxy(ProxySelector proxySelector) {
        return this;
    }

    @Override
    public HttpClient.Builder authenticator(Authenticator authenticator) {
        return this;
    }
}
