package dev.easel.api;

import static dev.easel.api.PlannedTurns.startPlanner;
import static dev.easel.api.PlannedTurns.toolMessages;
import static dev.easel.api.PlannedTurns.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.tools.planner.ScriptedChatServer;
import dev.easel.tools.search.FakeSearchServer;
import dev.easel.tools.web.PageServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The {@code web_search} tool end to end against a local server that answers in SearXNG's JSON
 * format, with a scripted planner: the web_search_call item and its events, the results the
 * planner reads, the message's url_citation annotations (the cited span is the link), direct mode,
 * and failures that leave the response going.
 */
class WebSearchTest {
    static final FakeSearchServer search = new FakeSearchServer();
    static final ScriptedChatServer planner = startPlanner();
    /** Serves one article page, allow-listed for the URL guard (nothing else on loopback is). */
    static final PageServer pages = startPages();
    /** A loopback server that is not allow-listed: any request reaching it is a guard failure. */
    static final PageServer trap = start();

    @RegisterExtension
    static final TestServer server = TestServer.withPlanner(
            planner,
            Map.of(
                    "EASEL_SEARCH_PROVIDER",
                    "searxng",
                    "EASEL_SEARCH_URL",
                    search.baseUrl(),
                    "EASEL_SEARCH_TIMEOUT_SECONDS",
                    "1",
                    "EASEL_URL_ALLOW",
                    "127.0.0.1:" + pages.port()));

    /** A server without a search provider. */
    @RegisterExtension
    static final TestServer bare = TestServer.withDefaults();

    private static final String IMAGE_TOOL =
            "{\"type\": \"image_generation\", \"size\": \"64x64\", \"quality\": \"low\"}";
    private static final String LAMP = "https://shop.example/aurora";
    private static final String RESULTS = FakeSearchServer.searxng(
            LAMP,
            "Aurora desk lamp",
            "The Aurora desk lamp costs 49.00 EUR this week.",
            "https://news.example/lamps",
            "Lamp news",
            "Desk lamps are in fashion.",
            "https://other.example/x",
            "Other",
            "Unrelated.");

    @BeforeEach
    void reset() {
        planner.reset();
        search.reset();
    }

    @AfterAll
    static void stop() {
        planner.close();
        search.close();
        pages.close();
        trap.close();
    }

    private static PageServer start() {
        try {
            return new PageServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PageServer startPages() {
        return start().handle("/redirect", exchange -> {
                    // An allow-listed page that redirects to a loopback port nobody allowed.
                    exchange.getResponseHeaders().set("Location", trap.url("/secret"));
                    exchange.sendResponseHeaders(302, -1);
                })
                .page("/article", "text/html; charset=utf-8", """
                        <html><head><title>Lamp prices</title></head><body>
                        <nav>Home | Shop | About</nav>
                        <article><h1>Lamp prices this week</h1>
                        <p>The Aurora desk lamp dropped to 39.00 EUR on Monday, its lowest price this year.</p>
                        <p>The Nimbus floor lamp stays at 99.00 EUR.</p></article>
                        <footer>Copyright</footer></body></html>""");
    }

    @Test
    void aSearchStreamsItsItemAndTheMessageCitesTheSource() {
        search.answer(200, RESULTS);
        String answer = "The lamp costs 49.00 EUR ([Aurora desk lamp](" + LAMP + ")).";
        planner.enqueue(
                ScriptedChatServer.toolCall("web_search", "{\"query\": \"aurora lamp price\"}"),
                ScriptedChatServer.toolCall(
                        "image_generation", "{\"prompt\": \"a poster: Aurora desk lamp, 49.00 EUR\"}"),
                ScriptedChatServer.text(answer));

        ResponseStream stream = ResponseStream.post(
                server,
                body(
                        "\"a poster with this week's price of the Aurora lamp\"",
                        "[{\"type\": \"web_search\"}, " + IMAGE_TOOL + "]",
                        "\"stream\": true, \"include\": [\"web_search_call.action.sources\"]"));

        List<String> types = stream.types();
        assertThat(types.subList(0, 7))
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.web_search_call.in_progress",
                        "response.web_search_call.searching",
                        "response.web_search_call.completed",
                        "response.output_item.done");
        JsonNode added = stream.event(2).get("item");
        assertThat(added.get("type").asString()).isEqualTo("web_search_call");
        assertThat(added.get("id").asString()).startsWith("ws_");
        assertThat(added.get("status").asString()).isEqualTo("in_progress");
        JsonNode done = stream.event(6).get("item");
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("action").get("type").asString()).isEqualTo("search");
        assertThat(done.get("action").get("query").asString()).isEqualTo("aurora lamp price");
        assertThat(done.get("action").get("sources").get(0).get("url").asString())
                .isEqualTo(LAMP);
        assertThat(done.get("action").get("sources").get(0).get("type").asString())
                .isEqualTo("url");

        int delta = types.indexOf("response.output_text.delta");
        assertThat(types.get(delta + 1)).isEqualTo("response.output_text.annotation.added");
        JsonNode annotationEvent = stream.event(delta + 1);
        assertThat(annotationEvent.get("annotation_index").asInt()).isZero();
        JsonNode message = stream.finalResponse().get("output").get(2);
        JsonNode part = message.get("content").get(0);
        assertThat(part.get("text").asString()).isEqualTo(answer);
        JsonNode citation = part.get("annotations").get(0);
        assertThat(citation).isEqualTo(annotationEvent.get("annotation"));
        assertThat(citation.get("type").asString()).isEqualTo("url_citation");
        assertThat(citation.get("url").asString()).isEqualTo(LAMP);
        assertThat(citation.get("title").asString()).isEqualTo("Aurora desk lamp");
        assertThat(answer.substring(
                        citation.get("start_index").asInt(),
                        citation.get("end_index").asInt()))
                .isEqualTo("[Aurora desk lamp](" + LAMP + ")");

        String told = toolMessages(planner.requests().get(1).json()).getFirst();
        assertThat(told).contains("Source 1: [Aurora desk lamp](" + LAMP + ")").contains("49.00 EUR this week");
        assertThat(search.requests().getFirst().pathAndQuery()).startsWith("/search?q=aurora+lamp+price&format=json");
        assertThat(stream.finalResponse().get("tools").get(0).toString())
                .isEqualTo("{\"type\":\"web_search\",\"filters\":null,\"search_context_size\":\"medium\","
                        + "\"user_location\":null}");
    }

    /** The official Java SDK, validating strictly, reads the web_search_call, the citations and their events. */
    @Test
    void theJavaSdkValidatesSearchItemsCitationsAndEvents() {
        search.answer(200, RESULTS);
        planner.enqueue(
                ScriptedChatServer.toolCall("web_search", "{\"query\": \"lamp\"}"),
                ScriptedChatServer.text("See [Aurora desk lamp](" + LAMP + ")."));
        JsonNode created = create(
                body("\"lamp\"", "[{\"type\": \"web_search\"}]", "\"include\": [\"web_search_call.action.sources\"]"));

        com.openai.client.OpenAIClient strict = OpenAiClients.strict(server);
        try {
            com.openai.models.responses.Response response =
                    strict.responses().retrieve(created.get("id").asString());
            response.validate();
            var call = response.output().get(0).asWebSearchCall();
            assertThat(call.action().asSearch().query()).hasValue("lamp");
            assertThat(call.action()
                            .asSearch()
                            .sources()
                            .orElseThrow()
                            .getFirst()
                            .url())
                    .isEqualTo(LAMP);
            var citation = response.output()
                    .get(1)
                    .asMessage()
                    .content()
                    .getFirst()
                    .asOutputText()
                    .annotations()
                    .getFirst()
                    .asUrlCitation();
            assertThat(citation.url()).isEqualTo(LAMP);
            try (var stream =
                    strict.responses().retrieveStreaming(created.get("id").asString())) {
                List<String> seen = new ArrayList<>();
                stream.stream().forEach(event -> {
                    event.validate();
                    if (event.isWebSearchCallSearching()) {
                        seen.add("searching");
                    } else if (event.isOutputTextAnnotationAdded()) {
                        seen.add("annotation "
                                + event.asOutputTextAnnotationAdded().annotationIndex());
                    }
                });
                assertThat(seen).containsExactly("searching", "annotation 0");
            }
        } finally {
            strict.close();
        }
    }

    /**
     * The top results' pages are read through the URL guard: the allow-listed article is an
     * open_page call and its main text reaches the planner; a result on loopback that is not
     * allow-listed is never fetched, and the planner is told why.
     */
    @Test
    void topPagesAreReadThroughTheGuardAndARefusedOneIsNoted() {
        String article = "http://127.0.0.1:" + pages.port() + "/article";
        search.answer(
                200,
                FakeSearchServer.searxng(
                        article, "Lamp prices", "Prices of lamps.", "http://127.0.0.1:9/secret", "Secret", "internal"));
        planner.enqueue(
                ScriptedChatServer.toolCall("web_search", "{\"query\": \"lamp prices\"}"),
                ScriptedChatServer.text("ok"));

        JsonNode response = create(body("\"lamp prices\"", "[{\"type\": \"web_search\"}]", ""));

        JsonNode output = response.get("output");
        assertThat(types(output)).containsExactly("web_search_call", "web_search_call", "message");
        assertThat(output.get(1).get("action").get("type").asString()).isEqualTo("open_page");
        assertThat(output.get(1).get("action").get("url").asString()).isEqualTo(article);
        String told = toolMessages(planner.requests().get(1).json()).getFirst();
        assertThat(told)
                .contains("The Aurora desk lamp dropped to 39.00 EUR on Monday")
                .doesNotContain("Home | Shop")
                .contains("source 2 was not read");
    }

    /**
     * A redirect from an allowed page to a private address, and a host name that resolves to one
     * (localhost, on a port nobody allowed): neither is fetched, and the planner is told which
     * sources were skipped and why.
     */
    @Test
    void aRedirectToAPrivateAddressAndAPrivateHostNameAreNotFetched() {
        int hitsBefore = trap.requests.size();
        String redirect = "http://127.0.0.1:" + pages.port() + "/redirect";
        String privateName = "http://localhost:" + trap.port() + "/private";
        search.answer(
                200,
                FakeSearchServer.searxng(
                        redirect, "Moved", "It moved.", privateName, "Intranet", "inside", LAMP, "Lamp", "x"));
        planner.enqueue(
                ScriptedChatServer.toolCall("web_search", "{\"query\": \"intranet\"}"), ScriptedChatServer.text("ok"));

        JsonNode response = create(body("\"intranet\"", "[{\"type\": \"web_search\"}]", ""));

        assertThat(types(response.get("output"))).containsExactly("web_search_call", "message");
        String told = toolMessages(planner.requests().get(1).json()).getFirst();
        assertThat(told)
                .contains("source 1 was not read")
                .contains("source 2 was not read")
                .contains("non-public address")
                .doesNotContain("secret internal text");
        assertThat(trap.requests.size())
                .as("requests that reached the private server")
                .isEqualTo(hitsBefore);
    }

    /**
     * {@code external_web_access: false} reads no page from the web: a page another request read
     * recently comes from the shared cache (an open_page call), any other is skipped and noted.
     */
    @Test
    void withoutExternalWebAccessOnlyCachedPagesAreRead() {
        String article = "http://127.0.0.1:" + pages.port() + "/article?cached=1";
        String fresh = "http://127.0.0.1:" + pages.port() + "/article?fresh=1";
        search.answer(200, FakeSearchServer.searxng(article, "Lamp prices", "Prices of lamps."));
        planner.enqueue(
                ScriptedChatServer.toolCall("web_search", "{\"query\": \"lamp prices\"}"),
                ScriptedChatServer.text("ok"));
        create(body("\"lamp prices\"", "[{\"type\": \"web_search\", \"search_context_size\": \"low\"}]", ""));

        planner.reset();
        search.answer(200, FakeSearchServer.searxng(article, "Lamp prices", "Prices.", fresh, "Lamp prices", "Fresh."));
        planner.enqueue(
                ScriptedChatServer.toolCall("web_search", "{\"query\": \"lamp prices\"}"),
                ScriptedChatServer.text("ok"));
        JsonNode response =
                create(body("\"lamp prices\"", "[{\"type\": \"web_search\", \"external_web_access\": false}]", ""));

        JsonNode output = response.get("output");
        assertThat(types(output)).containsExactly("web_search_call", "web_search_call", "message");
        assertThat(output.get(1).get("action").get("url").asString()).isEqualTo(article);
        String told = toolMessages(planner.requests().get(1).json()).getFirst();
        assertThat(told)
                .contains("The Aurora desk lamp dropped to 39.00 EUR on Monday")
                .contains("source 2 was not read: external web access is off");
        assertThat(response.get("tools").get(0).get("external_web_access").asBoolean())
                .isFalse();
    }

    @Test
    void sourcesAreLeftOutUnlessIncludedAndDomainsFilterResults() {
        search.answer(200, RESULTS);
        planner.enqueue(
                ScriptedChatServer.toolCall("web_search", "{\"query\": \"lamps\"}"), ScriptedChatServer.text("ok"));

        JsonNode response = create(body(
                "\"lamps\"",
                "[{\"type\": \"web_search\", \"filters\": {\"allowed_domains\": [\"news.example\"]},"
                        + " \"search_context_size\": \"low\"}]",
                ""));

        JsonNode call = response.get("output").get(0);
        assertThat(call.get("action").has("sources")).isFalse();
        String told = toolMessages(planner.requests().get(1).json()).getFirst();
        assertThat(told).contains("https://news.example/lamps").doesNotContain(LAMP);
        assertThat(response.get("tools")
                        .get(0)
                        .get("filters")
                        .get("allowed_domains")
                        .get(0)
                        .asString())
                .isEqualTo("news.example");
    }

    @Test
    void inDirectModeTheSearchUsesTheInputAndTheMessageCitesTheSources() {
        search.answer(200, RESULTS);

        JsonNode response = create(body(
                        "\"Aurora lamp price\"",
                        "[{\"type\": \"web_search\"}, " + IMAGE_TOOL + "]",
                        "\"tool_choice\": {\"type\": \"web_search\"}")
                .replace("\"gpt-4.1\"", "\"direct\""));

        JsonNode output = response.get("output");
        assertThat(types(output)).containsExactly("web_search_call", "image_generation_call", "message");
        assertThat(output.get(0).get("action").get("query").asString()).isEqualTo("Aurora lamp price");
        assertThat(output.get(1).get("revised_prompt").asString())
                .isEqualTo("Aurora lamp price\n\nThe Aurora desk lamp costs 49.00 EUR this week.\n"
                        + "Desk lamps are in fashion.\nUnrelated.");
        JsonNode part = output.get(2).get("content").get(0);
        String text = part.get("text").asString();
        assertThat(text).startsWith("Sources: [Aurora desk lamp](" + LAMP + ")");
        assertThat(part.get("annotations")).hasSize(3);
        JsonNode first = part.get("annotations").get(0);
        assertThat(text.substring(
                        first.get("start_index").asInt(), first.get("end_index").asInt()))
                .isEqualTo("[Aurora desk lamp](" + LAMP + ")");
        assertThat(response.get("tool_choice").get("type").asString()).isEqualTo("web_search");
        assertThat(planner.requests()).isEmpty();
    }

    @Test
    void aFailingProviderFailsTheCallAndTheResponseGoesOn() {
        search.answer(500, "{\"error\": \"boom\"}");
        planner.enqueue(
                ScriptedChatServer.toolCall("web_search", "{\"query\": \"x\"}"),
                ScriptedChatServer.text("The search did not work."));

        JsonNode response = create(body("\"x\"", "[{\"type\": \"web_search\"}]", ""));

        assertThat(response.get("status").asString()).isEqualTo("completed");
        assertThat(types(response.get("output"))).containsExactly("web_search_call", "message");
        assertThat(response.get("output").get(0).get("status").asString()).isEqualTo("failed");
        assertThat(toolMessages(planner.requests().get(1).json()).getFirst())
                .startsWith("error: the web search failed: SearXNG answered HTTP 500");
    }

    @Test
    void searxngWithoutItsJsonFormatSaysHowToEnableIt() {
        search.answer(403, "");
        planner.enqueue(ScriptedChatServer.toolCall("web_search", "{\"query\": \"x\"}"), ScriptedChatServer.text("-"));

        create(body("\"x\"", "[{\"type\": \"web_search\"}]", ""));

        assertThat(toolMessages(planner.requests().get(1).json()).getFirst())
                .contains("HTTP 403")
                .contains("formats: [html, json]");
    }

    @Test
    void malformedJsonZeroResultsAndTimeoutsAreToldToThePlanner() {
        List<String> told = new ArrayList<>();
        for (FakeSearchServer.Answer answer : List.of(
                new FakeSearchServer.Answer(200, "{not json", 0),
                new FakeSearchServer.Answer(200, FakeSearchServer.searxng(), 0),
                new FakeSearchServer.Answer(200, RESULTS, 1500))) {
            planner.reset();
            search.answer(answer);
            planner.enqueue(
                    ScriptedChatServer.toolCall("web_search", "{\"query\": \"x\"}"), ScriptedChatServer.text("-"));
            JsonNode response = create(body("\"x\"", "[{\"type\": \"web_search\"}]", ""));
            assertThat(response.get("status").asString()).isEqualTo("completed");
            told.add(toolMessages(planner.requests().get(1).json()).getFirst());
        }
        assertThat(told.get(0)).contains("malformed JSON");
        assertThat(told.get(1)).contains("found nothing");
        assertThat(told.get(2)).contains("did not answer within 1 s");
    }

    @Test
    void withoutAProviderWebSearchIsA400NamingTheSettings() {
        HttpResponse<String> response =
                Wire.postJson(bare, "/v1/responses", body("\"x\"", "[{\"type\": \"web_search_preview\"}]", ""));

        JsonNode error =
                ApiErrors.assertError(response, 400, "invalid_request_error", "invalid_value", "tools[0].type");
        assertThat(error.get("message").asString()).contains("search.provider").contains("EASEL_SEARCH_PROVIDER");
    }

    @Test
    void badToolFieldsNameTheirPlace() {
        HttpResponse<String> response = Wire.postJson(
                server,
                "/v1/responses",
                body(
                        "\"x\"",
                        "[" + IMAGE_TOOL
                                + ", {\"type\": \"web_search\", \"filters\": {\"allowed_domains\": [\"https://a.b\"]}}]",
                        ""));

        ApiErrors.assertError(
                response, 400, "invalid_request_error", "invalid_value", "tools[1].filters.allowed_domains");
    }

    private static String body(String input, String tools, String extra) {
        return "{\"model\": \"gpt-4.1\", \"input\": " + input + ", \"tools\": " + tools
                + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private static JsonNode create(String json) {
        return PlannedTurns.create(server, json);
    }
}
