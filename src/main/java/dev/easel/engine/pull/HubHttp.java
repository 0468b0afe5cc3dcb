package dev.easel.engine.pull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET requests to the Hub and wherever it redirects.
 *
 * <p>Redirects are followed here rather than by the JDK client so that the token is attached only to
 * requests for the endpoint's own origin: the Hub sends LFS downloads to a CDN on another host, which
 * must not receive it. A {@code Range} header is kept across redirects.
 */
final class HubHttp {

    private static final Logger log = LoggerFactory.getLogger(HubHttp.class);
    private static final int MAX_REDIRECTS = 10;
    private static final String USER_AGENT = "easel/0.1 (java.net.http)";

    private final HttpClient client;
    private final HubSettings settings;
    private final HubUrls urls;

    HubHttp(HubSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.urls = new HubUrls(settings.endpoint());
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    HubSettings settings() {
        return settings;
    }

    HubUrls urls() {
        return urls;
    }

    /**
     * GETs {@code uri}, asking for the bytes from {@code rangeStart} on when it is positive, and follows
     * redirects. The caller owns (and must close) the returned response whatever its status.
     */
    HubResponse get(URI uri, long rangeStart) throws IOException, InterruptedException, PullException {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current)
                    .timeout(settings.timeout())
                    .header("User-Agent", USER_AGENT)
                    .GET();
            if (rangeStart > 0) {
                request.header("Range", "bytes=" + rangeStart + "-");
            }
            if (urls.isEndpointOrigin(current) && settings.token().isPresent()) {
                request.header("Authorization", "Bearer " + settings.token().get());
            }
            log.debug("GET {}{}", HubUrls.redact(current), rangeStart > 0 ? " from byte " + rangeStart : "");
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofPublisher());
            BodyStream body = BodyStream.of(response.body(), settings.timeout());
            Optional<String> location = response.headers().firstValue("Location");
            if (isRedirect(response.statusCode()) && location.isPresent()) {
                body.close();
                current = follow(current, location.get());
                continue;
            }
            return new HubResponse(current, response.statusCode(), response.headers(), body);
        }
        throw new PullException(
                PullException.Reason.PROTOCOL, "too many redirects while fetching " + HubUrls.redact(uri));
    }

    private static URI follow(URI from, String location) throws PullException {
        try {
            URI next = from.resolve(location.strip());
            String scheme = next.getScheme();
            if (next.getHost() == null || !"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return next;
        } catch (IllegalArgumentException e) {
            throw new PullException(
                    PullException.Reason.PROTOCOL, "bad redirect from " + HubUrls.redact(from) + ": " + e.getMessage());
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
