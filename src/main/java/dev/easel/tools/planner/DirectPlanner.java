package dev.easel.tools.planner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Direct mode, when no planner endpoint is configured: no model. The user's latest text is the
 * image prompt. Other offered functions whose schema requires no arguments (MCP tools such as a
 * shop's list of specials; a request whose MCP tools need arguments is refused at create in direct
 * mode) are each called once, with no arguments, before the image, and the text they return is
 * appended to the prompt; functions that need arguments are never called, but for a web search the
 * request names ({@code tool_choice: {"type": "web_search"}}): it searches with the user's text,
 * the results' snippets join the prompt, and the final text lists the sources as links. It calls
 * {@code image_generation} once per user turn and then ends the turn with empty text.
 */
public final class DirectPlanner implements Planner {
    static final String IMAGE_TOOL = "image_generation";
    static final String WEB_SEARCH = "web_search";
    static final String CHART = "chart";

    /** A web search result's source line, {@code Source 1: [Title](https://…)}: a citation, not a fact. */
    private static final java.util.regex.Pattern SOURCE =
            java.util.regex.Pattern.compile("^Source \\d+: (\\[[^\\]\\n]*\\]\\(https?://[^)\\s]+\\)).*");

    /** Results the loop wrote for calls that did not run; they add nothing to the prompt. */
    private static final List<String> NOT_RUN_PREFIXES = List.of("not run: ", "error: ");

    /** Lines the MCP tool adds for a model (notes, structured content), which a prompt does without. */
    private static final String NOTE = "[easel: ";

    private static final String STRUCTURED = "structuredContent: ";

    /** How an MCP result shows an image part in its text ({@code [image: image/png, 4033 bytes]}). */
    private static final String IMAGE_PLACEHOLDER = "[image: ";

    @Override
    public PlannerReply next(List<ChatMessage> messages, List<FunctionSpec> tools, ToolChoice choice) {
        Objects.requireNonNull(choice, "choice");
        int lastUser = -1;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof ChatMessage.User) {
                lastUser = i;
            }
        }
        if (lastUser < 0 || choice instanceof ToolChoice.None) {
            return new PlannerReply("", List.of(), PlannerUsage.NONE);
        }
        List<ChatMessage> since = messages.subList(lastUser + 1, messages.size());
        Set<String> called = new HashSet<>();
        for (ChatMessage m : since) {
            if (m instanceof ChatMessage.Assistant a) {
                a.toolCalls().forEach(c -> called.add(c.name()));
            }
        }
        if (called.contains(IMAGE_TOOL) || called.contains(CHART)) {
            return new PlannerReply(sources(since), List.of(), PlannerUsage.NONE);
        }
        CallIds ids = new CallIds("call_direct_", messages);
        String userText = ((ChatMessage.User) messages.get(lastUser)).text();
        if (choice instanceof ToolChoice.Named named
                && named.function().equals(WEB_SEARCH)
                && !called.contains(WEB_SEARCH)
                && tools.stream().anyMatch(t -> t.name().equals(WEB_SEARCH))) {
            // A web search asked for in direct mode searches with the user's text.
            ObjectNode query = PlannerJson.MAPPER.createObjectNode().put("query", userText);
            return new PlannerReply(
                    "",
                    List.of(new ToolCall(ids.next(), WEB_SEARCH, PlannerJson.MAPPER.writeValueAsString(query))),
                    PlannerUsage.NONE);
        }
        DirectAsk ask = DirectAsk.of(userText);
        if (ask.chart().isPresent()
                && allows(choice, CHART)
                && tools.stream().anyMatch(t -> t.name().equals(CHART))) {
            // Data in the words: drawn exactly, not generated.
            return new PlannerReply(
                    "",
                    List.of(new ToolCall(
                            ids.next(),
                            CHART,
                            PlannerJson.MAPPER.writeValueAsString(ask.chart().get()))),
                    PlannerUsage.NONE);
        }
        List<ToolCall> context = new ArrayList<>();
        for (FunctionSpec tool : tools) {
            if (!tool.name().equals(IMAGE_TOOL)
                    && !called.contains(tool.name())
                    && allows(choice, tool.name())
                    && !needsArguments(tool)) {
                context.add(new ToolCall(ids.next(), tool.name(), "{}"));
            }
        }
        if (!context.isEmpty()) {
            return new PlannerReply("", context, PlannerUsage.NONE);
        }
        if (!tools.stream().anyMatch(t -> t.name().equals(IMAGE_TOOL))
                || !allows(choice, IMAGE_TOOL) && !called.contains(WEB_SEARCH)) {
            return new PlannerReply(sources(since), List.of(), PlannerUsage.NONE);
        }
        ObjectNode arguments = PlannerJson.MAPPER.createObjectNode();
        arguments.put("prompt", prompt(ask.prompt(), since));
        ask.headline().ifPresent(h -> arguments.put("headline", h));
        ToolCall call = new ToolCall(ids.next(), IMAGE_TOOL, PlannerJson.MAPPER.writeValueAsString(arguments));
        return new PlannerReply("", List.of(call), PlannerUsage.NONE);
    }

    @Override
    public String model() {
        return "direct";
    }

    @Override
    public String toString() {
        return "DirectPlanner";
    }

    /**
     * The final text in direct mode: after a web search, the sources it found as markdown links
     * ({@code Sources: [Title](url), …}), which the search tool turns into citations; else empty.
     */
    private static String sources(List<ChatMessage> since) {
        List<String> links = new ArrayList<>();
        for (ChatMessage m : since) {
            if (m instanceof ChatMessage.ToolResult r) {
                r.content()
                        .lines()
                        .map(SOURCE::matcher)
                        .filter(java.util.regex.Matcher::matches)
                        .forEach(match -> {
                            if (!links.contains(match.group(1))) {
                                links.add(match.group(1));
                            }
                        });
            }
        }
        return links.isEmpty() ? "" : "Sources: " + String.join(", ", links);
    }

    /** Whether the function's schema requires arguments, which only a model can choose. */
    private static boolean needsArguments(FunctionSpec tool) {
        tools.jackson.databind.JsonNode schema = PlannerJson.parseOrNull(tool.parametersJsonSchema());
        return schema != null
                && schema.path("required").isArray()
                && !schema.path("required").isEmpty();
    }

    private static boolean allows(ToolChoice choice, String function) {
        return switch (choice) {
            case ToolChoice.Auto _, ToolChoice.Required _ -> true;
            case ToolChoice.None _ -> false;
            // Another function was demanded: only that one is called.
            case ToolChoice.Named named -> named.function().equals(function);
        };
    }

    /** The user's text, then what the tools of this turn returned, one result a paragraph. */
    private static String prompt(String user, List<ChatMessage> since) {
        StringBuilder prompt = new StringBuilder(user);
        for (ChatMessage m : since) {
            if (m instanceof ChatMessage.ToolResult r
                    && !r.content().isBlank()
                    && NOT_RUN_PREFIXES.stream().noneMatch(r.content()::startsWith)) {
                String text = r.content()
                        .lines()
                        .filter(line -> !line.startsWith(NOTE)
                                && !line.startsWith(STRUCTURED)
                                && !line.startsWith(IMAGE_PLACEHOLDER)
                                && !SOURCE.matcher(line).matches())
                        .collect(java.util.stream.Collectors.joining("\n"))
                        .strip();
                if (!text.isEmpty()) {
                    prompt.append("\n\n").append(text);
                }
            }
        }
        return prompt.toString();
    }
}
