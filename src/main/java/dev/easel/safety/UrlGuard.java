package dev.easel.safety;

import dev.easel.safety.UrlRefusedException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * The one gate for URLs that requests name (input images now; MCP servers and web pages later):
 * nothing reaches a loopback, private, link-local or metadata address unless {@link UrlPolicy}
 * allows it (SSRF). The check holds where it matters: each hop's host is resolved exactly once and
 * the connection goes to those very addresses (no DNS rebinding between check and connect), and
 * every redirect target is checked like the first URL.
 *
 * <p>Thread-safe and stateless between calls; share one per server.
 */
public final class UrlGuard {
    static final int MAX_REDIRECTS = 5;
    private static final int MAX_URL_LENGTH = 8 * 1024;
    /** Refused by name, before and whatever resolution says: these names only ever mean the metadata service. */
    private static final Set<String> METADATA_NAMES =
            Set.of("metadata", "metadata.google.internal", "instance-data", "instance-data.ec2.internal");

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final UrlPolicy policy;
    private final Resolver resolver;
    private final Transport transport;

    public UrlGuard(UrlPolicy policy, Resolver resolver) {
        this(policy, resolver, Transport.system());
    }

    UrlGuard(UrlPolicy policy, Resolver resolver, Transport transport) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * Accepts only absolute http and https URLs with a host, a port from 1 to 65535 and no user
     * info; resolves the host once and refuses if any address is non-public and not allowed by the
     * policy. IP literals are judged as written, without the resolver.
     */
    public VettedUrl check(String url) throws UrlRefusedException {
        Objects.requireNonNull(url, "url");
        if (url.length() > MAX_URL_LENGTH) {
            throw new UrlRefusedException(Reason.BAD_URL, "the URL is longer than " + MAX_URL_LENGTH + " characters");
        }
        try {
            return check(new URI(url));
        } catch (URISyntaxException e) {
            throw new UrlRefusedException(Reason.BAD_URL, "\"" + url + "\" is not a valid URL");
        }
    }

    /**
     * GETs the URL, connecting only to vetted addresses; follows up to {@value #MAX_REDIRECTS}
     * redirects, checking each target first. {@code timeout} bounds the whole fetch (connects, TLS,
     * reads, all hops); name lookups are bounded by the resolver itself.
     *
     * @throws UrlRefusedException TOO_LARGE once more than {@code maxBytes} of body arrive;
     *     FETCH_FAILED with {@link UrlRefusedException#status()} for a non-2xx answer
     */
    public Fetched fetch(String url, long maxBytes, Duration timeout) throws UrlRefusedException, InterruptedException {
        if (maxBytes < 0 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "maxBytes must be 0 to " + (Integer.MAX_VALUE - 8) + ", not " + maxBytes);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        Deadline deadline = Deadline.after(timeout);
        VettedUrl target = check(url);
        for (int redirects = 0; ; redirects++) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            URI uri = target.uri();
            try (Exchange exchange = Exchange.open(target, port(uri), transport, deadline)) {
                int status = exchange.head().status();
                if (status >= 200 && status < 300) {
                    String type = exchange.head().single("content-type").orElse("application/octet-stream");
                    return new Fetched(uri, type, exchange.body(maxBytes));
                }
                if (!REDIRECTS.contains(status)) {
                    throw UrlRefusedException.httpStatus(uri.toString(), status);
                }
                if (redirects == MAX_REDIRECTS) {
                    throw new UrlRefusedException(
                            Reason.TOO_MANY_REDIRECTS,
                            "fetching " + url + " was redirected more than " + MAX_REDIRECTS + " times");
                }
                target = check(redirectTarget(uri, exchange.head()));
            } catch (SocketTimeoutException e) {
                throw new UrlRefusedException(Reason.TIMEOUT, "fetching " + uri + " took longer than " + timeout, e);
            } catch (IOException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                throw new UrlRefusedException(Reason.FETCH_FAILED, failure(uri, e), e);
            }
        }
    }

    private VettedUrl check(URI uri) throws UrlRefusedException {
        String scheme = Optional.ofNullable(uri.getScheme())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .orElse("");
        if (scheme.isEmpty()) {
            throw new UrlRefusedException(Reason.BAD_URL, "\"" + uri + "\" is not an absolute http or https URL");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UrlRefusedException(Reason.SCHEME, "only http and https URLs are fetched, not " + scheme + ":");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UrlRefusedException(Reason.BAD_URL, "URLs with a user name or password are not accepted");
        }
        Host host;
        try {
            host = Host.parse(uri.getHost());
        } catch (IllegalArgumentException e) {
            throw new UrlRefusedException(Reason.BAD_URL, "\"" + uri + "\": " + e.getMessage());
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new UrlRefusedException(Reason.BAD_URL, "\"" + uri + "\" has an invalid port");
        }
        List<InetAddress> addresses = switch (host) {
            case Host.Ip ip -> List.of(ip.address());
            case Host.Name name -> resolve(name);
        };
        int port = port(uri);
        for (InetAddress address : addresses) {
            Optional<String> kind = AddressRanges.nonPublicKind(address);
            if (kind.isPresent() && !policy.permits(host, address, port)) {
                throw new UrlRefusedException(
                        Reason.PRIVATE_ADDRESS,
                        "\"" + uri + "\" leads to a non-public address (" + kind.get()
                                + "), which is not allowed (operators can allow it with " + UrlPolicy.ENV + ")");
            }
        }
        return new VettedUrl(uri, addresses);
    }

    private List<InetAddress> resolve(Host.Name host) throws UrlRefusedException {
        if (METADATA_NAMES.contains(host.name())) {
            throw new UrlRefusedException(
                    Reason.PRIVATE_ADDRESS, host.name() + " is a cloud metadata service and is never fetched");
        }
        try {
            List<InetAddress> addresses = resolver.resolve(host.name());
            if (!addresses.isEmpty()) {
                return addresses;
            }
        } catch (UnknownHostException e) {
            // reported below, without the resolver's own wording
        }
        throw new UrlRefusedException(Reason.UNRESOLVABLE, "the host " + host.name() + " could not be resolved");
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static String redirectTarget(URI from, ResponseHead head) throws IOException, UrlRefusedException {
        String location = head.single("location")
                .orElseThrow(() -> new UrlRefusedException(
                        Reason.FETCH_FAILED, "fetching " + from + " failed: a redirect without a Location"));
        try {
            // URI.resolve mishandles a base with an empty path ("http://a" + "b" gives "http://ab").
            URI base = from.getRawPath() == null || from.getRawPath().isEmpty() ? from.resolve("/") : from;
            String next = base.resolve(new URI(location)).toString();
            int fragment = next.indexOf('#');
            return fragment < 0 ? next : next.substring(0, fragment);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new UrlRefusedException(
                    Reason.FETCH_FAILED, "fetching " + from + " failed: an invalid redirect Location");
        }
    }

    private static String failure(URI uri, IOException e) {
        String why = switch (e) {
            case SSLException _ -> "the TLS connection failed (certificate not valid for the host?)";
            case ConnectException _ -> "could not connect";
            case ProtocolException _ -> "the response is not valid HTTP/1.1 (" + e.getMessage() + ")";
            default -> "the connection broke";
        };
        return "fetching " + uri + " failed: " + why;
    }
}
