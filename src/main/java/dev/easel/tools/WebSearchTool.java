package dev.easel.tools;

import dev.easel.json.Wire;
import dev.easel.tools.planner.FunctionSpec;
import dev.easel.tools.planner.ToolCall;
import dev.easel.tools.search.SearchException;
import dev.easel.tools.search.SearchProvider;
import dev.easel.tools.search.SearchQuery;
import dev.easel.tools.search.SearchResult;
import dev.easel.tools.web.Page;
import dev.easel.tools.web.PageException;
import dev.easel.tools.web.PageReader;
import dev.easel.wire.ItemStatus;
import dev.easel.wire.OutputItem;
import dev.easel.wire.ResponseEvent;
import dev.easel.wire.WebSearchSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The {@code web_search} tool: the planner's {@code web_search(query)} runs a search on the
 * configured provider and becomes a {@code web_search_call} item with OpenAI's events; the planner
 * gets the numbered results (title, URL, snippet) and is asked to cite what it uses as markdown
 * links, which {@link #cite} turns into {@code url_citation} annotations of the message. A failed
 * search is a failed item, the planner is told, and the response goes on.
 */
public final class WebSearchTool implements Tool {
    private static final Logger log = LoggerFactory.getLogger(WebSearchTool.class);

    public static final String FUNCTION_NAME = "web_search";
    /** The include value that adds {@code action.sources} to the items. */
    public static final String SOURCES = "web_search_call.action.sources";

    /** How a result line for the planner begins: {@code Source 1: [Title](url)}. */
    public static final String SOURCE_LINE = "Source ";

    private static final FunctionSpec FUNCTION = new FunctionSpec(
            FUNCTION_NAME,
            "Searches the web for current information (news, prices, dates, facts). Returns numbered results; cite"
                    + " the ones you use in your answer as markdown links [title](url).",
            """
            {"type":"object","properties":{"query":{"type":"string","description":"what to search for"}},\
            "required":["query"]}""");

    /** A markdown link {@code [text](url)}. */
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]{1,300})\\]\\((https?://[^)\\s]{1,2000})\\)");

    private final WebSearchSpec spec;
    private final SearchProvider provider;
    private final Optional<PageReader> pages;
    /** {@code external_web_access: false}: pages are taken from the shared cache only, never fetched. */
    private final boolean cachedOnly;

    private final boolean includeSources;
    /** What this turn's searches found, by URL: the citable sources. */
    private final Map<String, SearchResult> found = new LinkedHashMap<>();

    /**
     * @param pages reads the top results' pages (through the URL guard); empty to use the
     *     providers' snippets only
     */
    public WebSearchTool(
            WebSearchSpec spec, SearchProvider provider, Optional<PageReader> pages, boolean includeSources) {
        this.spec = spec;
        this.provider = provider;
        this.pages = pages;
        this.cachedOnly = !spec.externalWebAccess().orElse(true);
        this.includeSources = includeSources;
    }

    @Override
    public List<FunctionSpec> functions() {
        return List.of(FUNCTION);
    }

    @Override
    public ToolResult call(ToolCall call, TurnContext turn) {
        String query = query(call.argumentsJson());
        if (query.isBlank()) {
            return ToolResult.text("error: web_search needs a non-empty 'query'");
        }
        String id = turn.ids().webSearch();
        TurnSink sink = turn.sink();
        int index = sink.nextOutputIndex();
        OutputItem.WebSearchAction.Search asked = new OutputItem.WebSearchAction.Search(query, Optional.empty());
        sink.emit(new ResponseEvent.OutputItemAdded(
                index, new OutputItem.WebSearchCall(id, ItemStatus.IN_PROGRESS, asked)));
        sink.emit(new ResponseEvent.WebSearchCallInProgress(index, id));
        sink.emit(new ResponseEvent.WebSearchCallSearching(index, id));
        List<SearchResult> results;
        try {
            results = provider.search(new SearchQuery(
                    query,
                    spec.resultCount(),
                    spec.userLocation().flatMap(WebSearchSpec.UserLocation::country),
                    spec.allowedDomains().orElse(List.of())));
        } catch (SearchException e) {
            log.info("web_search_call {} failed: {}", id, e.getMessage());
            OutputItem.WebSearchCall failed = new OutputItem.WebSearchCall(id, ItemStatus.FAILED, asked);
            sink.emit(new ResponseEvent.OutputItemDone(index, failed));
            sink.output(failed);
            return ToolResult.text(
                    "error: the web search failed: " + e.getMessage() + "; tell the user the search did not work");
        } catch (InterruptedException e) {
            if (!turn.cancel().isCancelled()) {
                Thread.currentThread().interrupt();
            }
            throw new dev.easel.engine.GenerationCancelledException(0);
        }
        results.forEach(r -> found.putIfAbsent(r.url(), r));
        Optional<List<OutputItem.WebSearchAction.Source>> sources = includeSources
                ? Optional.of(results.stream()
                        .map(r -> new OutputItem.WebSearchAction.Source(r.url()))
                        .toList())
                : Optional.empty();
        OutputItem.WebSearchCall done = new OutputItem.WebSearchCall(
                id, ItemStatus.COMPLETED, new OutputItem.WebSearchAction.Search(query, sources));
        sink.emit(new ResponseEvent.WebSearchCallCompleted(index, id));
        sink.emit(new ResponseEvent.OutputItemDone(index, done));
        sink.output(done);
        StringBuilder text = new StringBuilder(forPlanner(query, results));
        read(results, turn, text);
        return ToolResult.text(text.toString());
    }

    /**
     * Reads the top results' pages (1, 2 or 3 by context size), each an {@code open_page}
     * web_search_call; their main text goes to the planner after the results. A page the guard,
     * robots.txt or a limit refuses is not read, and the planner is told which and why. With
     * {@code external_web_access: false} only pages in the shared cache (read recently for any
     * request) are used; the others are not fetched, and the planner is told so.
     */
    private void read(List<SearchResult> results, TurnContext turn, StringBuilder text) {
        if (pages.isEmpty()) {
            return;
        }
        int count = switch (spec.searchContextSize()) {
            case "low" -> 1;
            case "high" -> 3;
            default -> 2;
        };
        int chars = switch (spec.searchContextSize()) {
            case "low" -> 1500;
            case "high" -> 6000;
            default -> 3000;
        };
        for (int i = 0; i < Math.min(count, results.size()); i++) {
            SearchResult result = results.get(i);
            try {
                Optional<Page> cached = cachedOnly ? pages.get().cached(result.url()) : Optional.empty();
                if (cachedOnly && cached.isEmpty()) {
                    text.append("\n")
                            .append(McpServerTool.NOTE)
                            .append("source ")
                            .append(i + 1)
                            .append(" was not read: external web access is off and the page is not in the cache]");
                    continue;
                }
                Page page = cachedOnly ? cached.get() : pages.get().read(result.url());
                TurnSink sink = turn.sink();
                String id = turn.ids().webSearch();
                int index = sink.nextOutputIndex();
                OutputItem.WebSearchAction.OpenPage open = new OutputItem.WebSearchAction.OpenPage(result.url());
                sink.emit(new ResponseEvent.OutputItemAdded(
                        index, new OutputItem.WebSearchCall(id, ItemStatus.IN_PROGRESS, open)));
                sink.emit(new ResponseEvent.WebSearchCallInProgress(index, id));
                sink.emit(new ResponseEvent.WebSearchCallSearching(index, id));
                sink.emit(new ResponseEvent.WebSearchCallCompleted(index, id));
                OutputItem.WebSearchCall done = new OutputItem.WebSearchCall(id, ItemStatus.COMPLETED, open);
                sink.emit(new ResponseEvent.OutputItemDone(index, done));
                sink.output(done);
                String body = page.text().length() > chars ? page.text().substring(0, chars) + "…" : page.text();
                text.append("\n")
                        .append(McpServerTool.NOTE)
                        .append("the page of source ")
                        .append(i + 1)
                        .append(" reads]\n")
                        .append(body);
            } catch (PageException e) {
                text.append("\n")
                        .append(McpServerTool.NOTE)
                        .append("source ")
                        .append(i + 1)
                        .append(" was not read: ")
                        .append(e.failure().message())
                        .append("]");
            } catch (InterruptedException e) {
                if (!turn.cancel().isCancelled()) {
                    Thread.currentThread().interrupt();
                }
                throw new dev.easel.engine.GenerationCancelledException(0);
            }
        }
    }

    /** The results as the planner reads them; the format is documented in the README (direct mode uses it). */
    static String forPlanner(String query, List<SearchResult> results) {
        if (results.isEmpty()) {
            return "The web search for \"" + query + "\" found nothing; say so.";
        }
        StringBuilder s = new StringBuilder(McpServerTool.NOTE)
                .append("web search results for \"")
                .append(query.replace('\n', ' '))
                .append("\"; cite the ones you use as markdown links [title](url)]");
        for (int i = 0; i < results.size(); i++) {
            SearchResult r = results.get(i);
            s.append('\n')
                    .append(SOURCE_LINE)
                    .append(i + 1)
                    .append(": [")
                    .append(linkText(r.title()))
                    .append("](")
                    .append(r.url())
                    .append(")");
            r.published().ifPresent(p -> s.append(" (").append(p).append(")"));
            if (!r.snippet().isBlank()) {
                s.append('\n').append(r.snippet());
            }
        }
        return s.toString();
    }

    /**
     * The citations of a message: each markdown link to a page this turn's searches found, over the
     * link's whole span, titled with the page's title.
     */
    @Override
    public List<OutputItem.UrlCitation> cite(String text) {
        List<OutputItem.UrlCitation> citations = new ArrayList<>();
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            SearchResult source = found.get(m.group(2));
            if (source != null) {
                citations.add(new OutputItem.UrlCitation(m.end(), m.start(), source.title(), source.url()));
            }
        }
        return citations;
    }

    private static String linkText(String title) {
        String t = title.replace('[', '(').replace(']', ')').replace('\n', ' ').strip();
        return t.isEmpty() ? "source" : t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    private static String query(String argumentsJson) {
        try {
            JsonNode args = Wire.MAPPER.readTree(argumentsJson.isBlank() ? "{}" : argumentsJson);
            JsonNode q = args == null ? null : args.get("query");
            return q != null && q.isString() ? q.asString().strip() : "";
        } catch (tools.jackson.core.JacksonException e) {
            return "";
        }
    }
}
