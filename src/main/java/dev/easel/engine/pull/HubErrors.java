package dev.easel.engine.pull;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;

/** Turns Hub answers and network failures into {@link PullException}s with one-line, actionable messages. */
final class HubErrors {

    private HubErrors() {}

    /**
     * Accepts 200 and 206 and rejects everything else.
     *
     * @param file the repository file being fetched, or empty for the listing
     * @throws RetryableIOException for 429 and 5xx, which are worth another attempt
     * @throws PullException for answers that will not change on retry
     */
    static void check(HubResponse response, RepoRevision at, Optional<String> file, HubSettings settings)
            throws RetryableIOException, PullException {
        RepoId repo = at.repo();
        String revision = at.revision();
        int status = response.status();
        if (status == 200 || status == 206) {
            return;
        }
        String code = response.headers().firstValue("X-Error-Code").orElse("");
        String what = file.map(f -> "file " + f + " of " + repo).orElse("repository " + repo);
        if (status == 429 || status >= 500) {
            throw new RetryableIOException("HTTP " + status + " from " + HubUrls.redact(response.uri()));
        }
        if (status == 403 || code.equals("GatedRepo")) {
            throw new PullException(
                    PullException.Reason.ACCESS_DENIED,
                    "access to " + repo
                            + " is restricted (HTTP " + status
                            + ", gated or private repository): accept its conditions at "
                            + settings.endpoint() + "/" + repo
                            + " while logged in, then set HF_TOKEN to an access token"
                            + " of that account"
                            + (settings.token().isPresent() ? " (the current HF_TOKEN has no access)" : ""));
        }
        if (status == 401) {
            throw new PullException(
                    PullException.Reason.ACCESS_DENIED,
                    settings.token().isPresent()
                            ? "the hub rejected HF_TOKEN for " + what + " (HTTP 401): check that the token is valid"
                                    + " and has read access, and that the repository id is spelled correctly"
                            : what + " was not found or needs authentication (HTTP 401): check the id, or set HF_TOKEN"
                                    + " to an access token if the repository is private or gated");
        }
        if (status == 404) {
            throw new PullException(
                    PullException.Reason.NOT_FOUND,
                    switch (code) {
                        case "RevisionNotFound" -> "revision '" + revision + "' not found in " + repo;
                        case "EntryNotFound" -> what + " not found at revision '" + revision + "'";
                        default ->
                            file.isPresent()
                                    ? what + " not found at revision '" + revision + "'"
                                    : "repository " + repo + " not found on " + settings.endpoint()
                                            + " (or it has no revision '" + revision
                                            + "'): check the id and --revision";
                    });
        }
        throw new PullException(
                PullException.Reason.PROTOCOL,
                "unexpected HTTP " + status + " for " + what + " from " + HubUrls.redact(response.uri())
                        + serverMessage(response));
    }

    /** Whether the failure means the host could not be contacted at all, as opposed to a broken transfer. */
    static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t instanceof HttpConnectTimeoutException
                    || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    /** @param offlineAdvice what to do without a network, e.g. "copy an ONNX export folder into models instead" */
    static PullException unreachable(URI endpoint, IOException failure, String offlineAdvice) {
        return new PullException(
                PullException.Reason.UNREACHABLE,
                "cannot reach " + endpoint + " (" + describe(failure) + "): Easel needs network access to pull models; "
                        + offlineAdvice,
                failure);
    }

    /**
     * A short human description: for connection failures a fixed phrase (the JDK often leaves their
     * messages empty or as a bare host name), otherwise the most specific message along the cause
     * chain, or the exception's type when none has one.
     */
    static String describe(Throwable failure) {
        String found = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null || t.getMessage().isBlank()
                    ? null
                    : t.getMessage().strip();
            String phrase = switch (t) {
                case UnknownHostException _ -> "unknown host" + (message == null ? "" : " " + message);
                case UnresolvedAddressException _ -> "unknown host";
                case NoRouteToHostException _ -> "no route to host";
                case HttpConnectTimeoutException _ -> "connection timed out";
                case ConnectException _ -> message == null ? "connection refused" : message;
                default -> null;
            };
            if (phrase != null) {
                return phrase;
            }
            if (message != null) {
                found = message;
            }
        }
        return found != null
                ? found.replaceAll("\\s+", " ")
                : failure.getClass().getSimpleName();
    }

    private static String serverMessage(HubResponse response) {
        return response.headers()
                .firstValue("X-Error-Message")
                .map(m -> ": " + (m.length() > 200 ? m.substring(0, 200) + "…" : m).replaceAll("\\s+", " "))
                .orElse("");
    }
}
