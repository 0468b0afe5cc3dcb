package dev.easel.tools.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.json.Wire;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Each provider's request and answer, in the JSON formats of its documentation, against a local server. */
class HttpSearchProviderTest {
    private static final FakeSearchServer server = new FakeSearchServer();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEY = "key-Qw3rTy9";

    @BeforeEach
    void reset() {
        server.reset();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void braveSendsItsTokenHeaderAndReadsWebResults() throws Exception {
        server.answer(200, """
                {"type":"search","query":{"original":"lamp"},"web":{"type":"search","results":[
                 {"title":"Aurora <strong>lamp</strong>","url":"https://shop.example/a","description":"Costs <strong>49</strong> EUR.","age":"2 days ago"},
                 {"title":"Other","url":"https://other.example/b","description":"x"}]}}""");

        List<SearchResult> results = provider(SearchSettings.Provider.BRAVE)
                .search(new SearchQuery("lamp", 5, Optional.of("DE"), List.of()));

        assertThat(results).hasSize(2);
        assertThat(results.get(0))
                .isEqualTo(new SearchResult(
                        "Aurora lamp", "https://shop.example/a", "Costs 49 EUR.", Optional.of("2 days ago")));
        FakeSearchServer.Seen seen = server.requests().getFirst();
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.pathAndQuery()).isEqualTo("/res/v1/web/search?q=lamp&count=5&country=DE");
        assertThat(seen.apiKeyHeader()).isEqualTo(KEY);
    }

    @Test
    void tavilyPostsItsQueryWithABearerKey() throws Exception {
        server.answer(200, """
                {"query":"lamp","answer":null,"results":[{"title":"Aurora","url":"https://shop.example/a",
                 "content":"49 EUR","score":0.9,"published_date":"2026-11-30"}],"response_time":0.5}""");

        List<SearchResult> results = provider(SearchSettings.Provider.TAVILY)
                .search(new SearchQuery("lamp", 3, Optional.empty(), List.of("shop.example")));

        assertThat(results).extracting(SearchResult::url).containsExactly("https://shop.example/a");
        assertThat(results.getFirst().published()).hasValue("2026-11-30");
        FakeSearchServer.Seen seen = server.requests().getFirst();
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.pathAndQuery()).isEqualTo("/search");
        assertThat(seen.apiKeyHeader()).isEqualTo("Bearer " + KEY);
        JsonNode body = Wire.read(seen.body());
        assertThat(body.get("query").asString()).isEqualTo("lamp");
        assertThat(body.get("include_domains").get(0).asString()).isEqualTo("shop.example");
    }

    @Test
    void exaPostsWithItsKeyHeaderAndReadsText() throws Exception {
        server.answer(200, """
                {"requestId":"r1","results":[{"id":"https://shop.example/a","title":"Aurora","url":"https://shop.example/a",
                 "publishedDate":"2026-11-29T00:00:00.000Z","text":"The lamp costs 49 EUR."}]}""");

        List<SearchResult> results =
                provider(SearchSettings.Provider.EXA).search(new SearchQuery("lamp", 3, Optional.empty(), List.of()));

        assertThat(results.getFirst().snippet()).isEqualTo("The lamp costs 49 EUR.");
        FakeSearchServer.Seen seen = server.requests().getFirst();
        assertThat(seen.apiKeyHeader()).isEqualTo(KEY);
        assertThat(Wire.read(seen.body()).get("numResults").asInt()).isEqualTo(3);
    }

    @Test
    void searxngFiltersDomainsAndNamesFailedEngines() throws Exception {
        server.answer(
                200,
                FakeSearchServer.searxng(
                        "https://a.news.example/1", "One", "first", "https://elsewhere.example/2", "Two", "second"));
        List<SearchResult> results = provider(SearchSettings.Provider.SEARXNG)
                .search(new SearchQuery("q", 5, Optional.empty(), List.of("news.example")));
        assertThat(results).extracting(SearchResult::title).containsExactly("One");

        server.answer(200, """
                {"query":"q","results":[],"unresponsive_engines":[["duckduckgo","timeout"],["wikipedia","HTTP error"]]}""");
        assertThatThrownBy(() -> provider(SearchSettings.Provider.SEARXNG)
                        .search(new SearchQuery("q", 5, Optional.empty(), List.of())))
                .isInstanceOf(SearchException.class)
                .hasMessageContaining("every engine of SearXNG failed (duckduckgo, wikipedia)");
    }

    @Test
    void aKeyedProviderWithoutKeyAndBadAnswersAreTypedFailures() {
        SearchProvider keyless = new HttpSearchProvider(
                new SearchSettings(
                        SearchSettings.Provider.BRAVE,
                        URI.create(server.baseUrl()),
                        Optional.empty(),
                        Duration.ofSeconds(2)),
                HTTP);
        assertThatThrownBy(() -> keyless.search(new SearchQuery("q", 1, Optional.empty(), List.of())))
                .isInstanceOfSatisfying(
                        SearchException.class, e -> assertThat(e.kind()).isEqualTo(SearchException.Kind.NOT_CONFIGURED))
                .hasMessageContaining("search.api_key");
        assertThat(server.requests()).isEmpty();

        server.answer(401, "{}");
        assertThatThrownBy(() -> provider(SearchSettings.Provider.BRAVE)
                        .search(new SearchQuery("q", 1, Optional.empty(), List.of())))
                .isInstanceOfSatisfying(SearchException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SearchException.Kind.HTTP_ERROR);
                    assertThat(e.getMessage()).doesNotContain(KEY).contains("check search.api_key");
                });
        server.answer(200, "[1, 2]");
        assertThatThrownBy(() -> provider(SearchSettings.Provider.TAVILY)
                        .search(new SearchQuery("q", 1, Optional.empty(), List.of())))
                .isInstanceOfSatisfying(
                        SearchException.class, e -> assertThat(e.kind()).isEqualTo(SearchException.Kind.BAD_RESPONSE));
        assertThat(provider(SearchSettings.Provider.BRAVE).toString()).doesNotContain(KEY);
    }

    /** Every provider, every failure: HTTP 500, 403, a timeout, malformed JSON; and zero results is an empty list. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(SearchSettings.Provider.class)
    void eachProviderTypesEachFailure(SearchSettings.Provider kind) throws Exception {
        SearchProvider provider = new HttpSearchProvider(
                new SearchSettings(kind, URI.create(server.baseUrl()), Optional.of(KEY), Duration.ofMillis(500)), HTTP);
        SearchQuery query = new SearchQuery("q", 3, Optional.empty(), List.of());
        java.util.Map<FakeSearchServer.Answer, SearchException.Kind> failures = java.util.Map.of(
                new FakeSearchServer.Answer(500, "{}", 0), SearchException.Kind.HTTP_ERROR,
                new FakeSearchServer.Answer(403, "{}", 0), SearchException.Kind.HTTP_ERROR,
                new FakeSearchServer.Answer(200, "{\"results\": [", 0), SearchException.Kind.BAD_RESPONSE,
                new FakeSearchServer.Answer(200, "{}", 1500), SearchException.Kind.TIMEOUT);
        for (var failure : failures.entrySet()) {
            server.answer(failure.getKey());
            assertThatThrownBy(() -> provider.search(query))
                    .as("%s answering %s", kind, failure.getKey())
                    .isInstanceOfSatisfying(SearchException.class, e -> {
                        assertThat(e.kind()).isEqualTo(failure.getValue());
                        assertThat(e.getMessage()).startsWith(provider.name()).doesNotContain(KEY);
                    });
        }
        server.answer(
                200, kind == SearchSettings.Provider.BRAVE ? "{\"web\": {\"results\": []}}" : "{\"results\": []}");
        assertThat(provider.search(query)).isEmpty();
    }

    private static SearchProvider provider(SearchSettings.Provider kind) {
        return new HttpSearchProvider(
                new SearchSettings(kind, URI.create(server.baseUrl()), Optional.of(KEY), Duration.ofSeconds(2)), HTTP);
    }
}
