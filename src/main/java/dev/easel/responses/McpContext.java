package dev.easel.responses;

import dev.easel.tools.McpServerTool;
import dev.easel.wire.ApiException;
import dev.easel.wire.OutputItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The MCP state a conversation carries: the latest tool listing of each server (with the server
 * configuration it was made under, so a changed configuration lists again), the approval requests
 * made, which of them were answered, and the answers this request brings.
 */
final class McpContext {
    /** A listing and the configuration key of the response that made it (empty: passed in by this request). */
    private record Listing(OutputItem.McpListTools item, Optional<String> key) {}

    private final Map<String, Listing> listings = new HashMap<>();
    private final Map<String, OutputItem.McpApprovalRequest> requests = new HashMap<>();
    private final Set<String> answered = new HashSet<>();
    private final List<InputItem.McpApprovalResponse> answers = new ArrayList<>();

    /**
     * What identifies a server configuration for listing purposes: its URL and tool filter (the
     * echo of an {@code mcp} tool, as stored with each response).
     */
    static String key(JsonNode mcpToolEcho) {
        return mcpToolEcho.path("server_url").asString("") + "\u0000"
                + mcpToolEcho.path("allowed_tools").toString();
    }

    /** The configuration keys of an earlier response's mcp tools, by server label. */
    static Map<String, String> keys(JsonNode responseJson) {
        Map<String, String> keys = new HashMap<>();
        for (JsonNode tool : responseJson.path("tools")) {
            if (tool.path("type").asString("").equals("mcp")) {
                keys.put(tool.path("server_label").asString(""), key(tool));
            }
        }
        return keys;
    }

    /**
     * An MCP item of the conversation.
     *
     * @param keys the configuration keys of the response the item belongs to; empty for this
     *     request's own input (a listing passed in by hand is taken as current)
     */
    void add(OutputItem item, Optional<Map<String, String>> keys) {
        switch (item) {
            case OutputItem.McpListTools list
            when list.error().isEmpty() ->
                listings.put(
                        list.serverLabel(),
                        new Listing(list, keys.map(k -> k.getOrDefault(list.serverLabel(), "(none)"))));
            case OutputItem.McpApprovalRequest request -> requests.put(request.id(), request);
            case OutputItem.McpCall call -> call.approvalRequestId().ifPresent(answered::add);
            default -> {}
        }
    }

    /** Takes in what a later part of the conversation holds (its listings replace earlier ones). */
    void addAll(McpContext later) {
        listings.putAll(later.listings);
        requests.putAll(later.requests);
        answered.addAll(later.answered);
        answers.addAll(later.answers);
    }

    /** An approval answer: acted on when it comes with this request, else already handled. */
    void add(InputItem.McpApprovalResponse answer, boolean current) {
        if (current) {
            answers.add(answer);
        } else {
            answered.add(answer.approvalRequestId());
        }
    }

    /** The listing to reuse for a server: the latest one, made under the same configuration. */
    Optional<OutputItem.McpListTools> listing(String label, String key) {
        Listing l = listings.get(label);
        if (l == null || l.key().isPresent() && !l.key().get().equals(key)) {
            return Optional.empty();
        }
        return Optional.of(l.item());
    }

    /**
     * This request's answers with the requests they answer, grouped by server label; answers to
     * requests already answered (a history passed back whole) are left out.
     *
     * @throws ApiException 400 for an answer to a request the conversation does not hold, or a
     *     request answered twice in this input
     */
    Map<String, List<McpServerTool.Decision>> decisions() {
        Map<String, List<McpServerTool.Decision>> byLabel = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (InputItem.McpApprovalResponse answer : answers) {
            String id = answer.approvalRequestId();
            OutputItem.McpApprovalRequest request = requests.get(id);
            if (request == null) {
                throw ApiException.invalid(
                        "input",
                        "No mcp_approval_request with id '" + id + "' was found in this conversation; pass it back"
                                + " in 'input' or continue the response that made it with 'previous_response_id'.");
            }
            if (!seen.add(id)) {
                throw ApiException.invalid("input", "The approval request '" + id + "' is answered twice.");
            }
            if (answered.contains(id)) {
                continue;
            }
            byLabel.computeIfAbsent(request.serverLabel(), l -> new ArrayList<>())
                    .add(new McpServerTool.Decision(request, answer.approve(), answer.reason()));
        }
        return byLabel;
    }
}
