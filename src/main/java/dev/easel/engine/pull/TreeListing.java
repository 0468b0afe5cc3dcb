package dev.easel.engine.pull;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lists every file of a repository revision through {@code /api/models/<repo>/tree/<revision>?recursive=true},
 * following {@code Link: rel="next"} pagination.
 */
final class TreeListing {

    private static final int MAX_PAGE_BYTES = 64 << 20;
    private static final int MAX_PAGES = 10_000;

    private final HubHttp http;
    private final RetryPolicy retry;
    private final JsonMapper json = JsonMapper.builder().build();

    TreeListing(HubHttp http, RetryPolicy retry) {
        this.http = http;
        this.retry = retry;
    }

    /**
     * All files (not directories) of the revision.
     *
     * @throws IOException the last failure once retries are spent; a connection failure on the first
     *     request is not retried, since it almost always means the machine is offline
     */
    List<RepoFile> list(RepoRevision at) throws IOException, PullException, InterruptedException {
        List<RepoFile> files = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        Optional<URI> page = Optional.of(http.urls().tree(at));
        while (page.isPresent()) {
            URI url = page.get();
            if (!seen.add(url) || seen.size() > MAX_PAGES) {
                throw new PullException(
                        PullException.Reason.PROTOCOL,
                        "the hub's file listing of " + at.repo() + " does not end (page " + HubUrls.redact(url)
                                + " again)");
            }
            page = fetchPage(url, at, files, seen.size() == 1);
        }
        return files;
    }

    private Optional<URI> fetchPage(URI url, RepoRevision at, List<RepoFile> into, boolean firstContact)
            throws IOException, PullException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try (HubResponse response = http.get(url, 0)) {
                HubErrors.check(response, at, Optional.empty(), http.settings());
                byte[] body = response.body().readAll(MAX_PAGE_BYTES);
                into.addAll(parse(body, url));
                return LinkHeader.next(response.headers().allValues("Link"), response.uri());
            } catch (IOException e) {
                if (firstContact && HubErrors.isUnreachable(e) || !retry.allowsAnother(attempt)) {
                    throw e;
                }
                retry.pauseAfter(attempt);
            }
        }
    }

    private List<RepoFile> parse(byte[] body, URI url) throws PullException {
        try {
            JsonNode root = json.readTree(body);
            if (!root.isArray()) {
                throw new IllegalArgumentException("expected a JSON array");
            }
            List<RepoFile> files = new ArrayList<>();
            for (JsonNode entry : root.values()) {
                if (text(entry, "type").equals("file")) {
                    files.add(toFile(entry));
                }
            }
            return files;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new PullException(
                    PullException.Reason.PROTOCOL,
                    "unexpected file listing from " + HubUrls.redact(url) + ": " + HubErrors.describe(e),
                    e);
        }
    }

    private static RepoFile toFile(JsonNode entry) {
        String path = text(entry, "path");
        JsonNode lfs = entry.path("lfs");
        Optional<String> oid = Optional.of(text(entry, "oid")).filter(s -> !s.isEmpty());
        if (lfs.isObject()) {
            return new RepoFile(path, number(lfs, "size", path), oid, Optional.of(text(lfs, "oid")));
        }
        return new RepoFile(path, number(entry, "size", path), oid, Optional.empty());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.stringValue() : "";
    }

    private static long number(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("missing size for " + path);
        }
        return value.longValue();
    }
}
