package dev.easel.tools.search;

import dev.easel.json.Wire;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The four providers over HTTP and JSON, each in its own documented format. The provider's URL
 * is the operator's (configuration), so it is not put through the URL guard that user-supplied
 * URLs go through; the result pages are.
 */
public final class HttpSearchProvider implements SearchProvider {
    /** The most bytes of a provider's answer that are read. */
    private static final int MAX_BODY = 4 << 20;

    private final SearchSettings settings;
    private final HttpClient http;

    public HttpSearchProvider(SearchSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
    }

    @Override
    public String name() {
        return settings.provider().label;
    }

    @Override
    public List<SearchResult> search(SearchQuery query) throws SearchException, InterruptedException {
        HttpRequest request = request(query);
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new SearchException(
                    SearchException.Kind.TIMEOUT,
                    name() + " did not answer within " + settings.timeout().toSeconds() + " s");
        } catch (IOException e) {
            throw new SearchException(SearchException.Kind.UNREACHABLE, name() + " could not be reached");
        }
        if (response.statusCode() != 200) {
            throw new SearchException(SearchException.Kind.HTTP_ERROR, statusMessage(response.statusCode()));
        }
        if (response.body().length > MAX_BODY) {
            throw new SearchException(SearchException.Kind.BAD_RESPONSE, name() + "'s answer is too large");
        }
        JsonNode json;
        try {
            json = Wire.MAPPER.readTree(response.body());
        } catch (JacksonException e) {
            throw new SearchException(SearchException.Kind.BAD_RESPONSE, name() + " answered with malformed JSON");
        }
        if (json == null || !json.isObject()) {
            throw new SearchException(SearchException.Kind.BAD_RESPONSE, name() + " answered with no JSON object");
        }
        List<SearchResult> results = new ArrayList<>();
        for (SearchResult r : parse(json)) {
            if (results.size() < query.count() && query.allows(r.url()) && isWeb(r.url())) {
                results.add(r);
            }
        }
        if (results.isEmpty() && settings.provider() == SearchSettings.Provider.SEARXNG) {
            JsonNode failed = json.path("unresponsive_engines");
            if (failed.isArray() && !failed.isEmpty() && json.path("results").isEmpty()) {
                List<String> engines = new ArrayList<>();
                failed.forEach(
                        e -> engines.add(e.isArray() && !e.isEmpty() ? e.get(0).asString("?") : e.asString("?")));
                throw new SearchException(
                        SearchException.Kind.BAD_RESPONSE,
                        "every engine of SearXNG failed ("
                                + String.join(", ", engines.subList(0, Math.min(5, engines.size())))
                                + "): check its engines and network");
            }
        }
        return results;
    }

    private String statusMessage(int status) {
        String base = name() + " answered HTTP " + status;
        return switch (settings.provider()) {
            case SEARXNG ->
                status == 403
                        ? base + ": enable its JSON format (search: formats: [html, json] in its settings.yml)"
                        : base;
            default -> status == 401 || status == 403 ? base + ": check search.api_key" : base;
        };
    }

    private HttpRequest request(SearchQuery query) throws SearchException {
        String key = settings.apiKey().orElse("");
        if (settings.provider() != SearchSettings.Provider.SEARXNG && key.isEmpty()) {
            throw new SearchException(
                    SearchException.Kind.NOT_CONFIGURED,
                    name() + " needs an API key: set search.api_key (EASEL_SEARCH_API_KEY)");
        }
        // Ask for more than needed where a domain filter applies after the fact.
        int count = query.allowedDomains().isEmpty() ? query.count() : Math.min(50, query.count() * 4);
        HttpRequest.Builder b;
        switch (settings.provider()) {
            case SEARXNG -> {
                String q = "q=" + enc(query.query()) + "&format=json&pageno=1";
                b = HttpRequest.newBuilder(resolve("search?" + q)).GET();
            }
            case BRAVE -> {
                String q = "q=" + enc(query.query()) + "&count=" + Math.min(20, count)
                        + query.country().map(c -> "&country=" + enc(c)).orElse("");
                b = HttpRequest.newBuilder(resolve("res/v1/web/search?" + q))
                        .GET()
                        .header("X-Subscription-Token", key);
            }
            case TAVILY -> {
                ObjectNode body = Wire.object().put("query", query.query()).put("max_results", Math.min(20, count));
                if (!query.allowedDomains().isEmpty()) {
                    query.allowedDomains().forEach(body.putArray("include_domains")::add);
                }
                query.country().ifPresent(c -> body.put("country", c));
                b = HttpRequest.newBuilder(resolve("search"))
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + key);
            }
            case EXA -> {
                ObjectNode body = Wire.object().put("query", query.query()).put("numResults", Math.min(25, count));
                if (!query.allowedDomains().isEmpty()) {
                    query.allowedDomains().forEach(body.putArray("includeDomains")::add);
                }
                body.putObject("contents").putObject("text").put("maxCharacters", 1000);
                b = HttpRequest.newBuilder(resolve("search"))
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .header("Content-Type", "application/json")
                        .header("x-api-key", key);
            }
            default -> throw new IllegalStateException();
        }
        return b.timeout(settings.timeout())
                .header("Accept", "application/json")
                .build();
    }

    private List<SearchResult> parse(JsonNode json) {
        JsonNode results = switch (settings.provider()) {
            case BRAVE -> json.path("web").path("results");
            default -> json.path("results");
        };
        List<SearchResult> out = new ArrayList<>();
        for (JsonNode r : results) {
            String url = r.path("url").asString("");
            if (url.isEmpty()) {
                continue;
            }
            String snippet = switch (settings.provider()) {
                case SEARXNG, TAVILY -> r.path("content").asString("");
                case BRAVE -> r.path("description").asString("");
                case EXA -> r.path("text").asString(r.path("summary").asString(""));
            };
            Optional<String> published = Optional.ofNullable(
                            switch (settings.provider()) {
                                case SEARXNG, EXA -> r.get("publishedDate");
                                case BRAVE -> r.get("age");
                                case TAVILY -> r.get("published_date");
                            })
                    .filter(JsonNode::isString)
                    .map(JsonNode::asString);
            String title = plain(r.path("title").asString(""));
            out.add(new SearchResult(title.isEmpty() ? url : title, url, plain(snippet), published));
        }
        return out;
    }

    private URI resolve(String path) {
        String base = settings.url().toString();
        return URI.create(base.endsWith("/") ? base + path : base + "/" + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static boolean isWeb(String url) {
        return url.startsWith("https://") || url.startsWith("http://");
    }

    /** Providers mark matches with HTML (Brave's {@code <strong>}): the text without tags, whitespace folded. */
    private static String plain(String snippet) {
        String text =
                snippet.replaceAll("<[^>]{0,200}>", "").replaceAll("\\s+", " ").strip();
        return text.length() > 1000 ? text.substring(0, 1000) + "…" : text;
    }

    @Override
    public String toString() {
        return "HttpSearchProvider[" + settings + "]";
    }
}
