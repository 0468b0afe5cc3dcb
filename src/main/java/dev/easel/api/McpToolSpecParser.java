package dev.easel.api;

import dev.easel.wire.ApiException;
import dev.easel.wire.McpToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Validates an {@code {"type": "mcp", …}} tool (spec 5.1) into a {@link McpToolSpec}; an error names
 * the field with its place in the request ({@code tools[1].server_url}). Secrets in the tool
 * ({@code authorization}, header values) never appear in an error message.
 */
final class McpToolSpecParser {
    /** What OpenAI accepts as a label: it names the server in items, function names and tool_choice. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");

    /** Headers Easel sets itself on every MCP request. */
    private static final List<String> RESERVED_HEADERS = List.of(
            "host", "content-length", "content-type", "accept", "connection", "mcp-session-id", "mcp-protocol-version");

    private McpToolSpecParser() {}

    private static boolean hasUserInfo(String url) {
        try {
            return new java.net.URI(url).getRawUserInfo() != null;
        } catch (java.net.URISyntaxException e) {
            int start = url.indexOf("//") + 2;
            int end = url.indexOf('/', start);
            String authority = end < 0 ? url.substring(start) : url.substring(start, end);
            return authority.contains("@");
        }
    }

    static McpToolSpec parse(JsonNode tool, String at) {
        try {
            return fields(tool, at);
        } catch (ApiException e) {
            throw e.under(at);
        }
    }

    private static McpToolSpec fields(JsonNode tool, String at) {
        Fields f = new Fields.JsonFields(tool);
        f.accept("type");
        for (String other : List.of("connector_id", "tunnel_id")) {
            if (tool.hasNonNull(other)) {
                throw ApiException.invalid(
                        other,
                        "unsupported_parameter",
                        "'" + other + "' is not supported: Easel connects to MCP servers by 'server_url' only.");
            }
            f.accept(other);
        }
        String label = f.requiredString("server_label");
        if (!LABEL.matcher(label).matches()) {
            throw ApiException.invalid(
                    "server_label",
                    "'server_label' must start with a letter and hold only letters, digits, '_' and '-' (at most 64).");
        }
        String url = f.string("server_url").orElseThrow(() -> ApiException.missing("server_url"));
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw ApiException.invalid("server_url", "'server_url' must be an http(s) URL.");
        }
        if (hasUserInfo(url)) {
            // Credentials in the URL would be echoed with it and shown in error messages.
            throw ApiException.invalid(
                    "server_url",
                    "'server_url' must not carry credentials (user:password@); send a token in 'authorization'"
                            + " or 'headers', which are never stored or echoed.");
        }
        Optional<String> description = f.string("server_description");
        Optional<String> authorization = f.string("authorization");
        if (authorization.isPresent() && (authorization.get().isBlank() || !printable(authorization.get()))) {
            throw ApiException.invalid("authorization", "'authorization' must be a token of printable ASCII.");
        }
        Map<String, String> headers = headers(f.object("headers"));
        McpToolSpec.ToolFilter allowed = tool.hasNonNull("allowed_tools")
                ? filter(tool.get("allowed_tools"), "allowed_tools", true)
                : new McpToolSpec.ToolFilter.All();
        f.accept("allowed_tools");
        McpToolSpec.Approval approval = approval(tool.get("require_approval"));
        f.accept("require_approval");
        boolean defer = f.bool("defer_loading").orElse(false);
        if (tool.hasNonNull("allowed_callers")) {
            JsonNode callers = tool.get("allowed_callers");
            if (!callers.isArray()
                    || !callers.valueStream()
                            .allMatch(c -> c.isString()
                                    && List.of("direct", "programmatic").contains(c.asString()))) {
                throw ApiException.invalid(
                        "allowed_callers", "'allowed_callers' must be an array of 'direct' and 'programmatic'.");
            }
        }
        f.accept("allowed_callers");
        f.rejectUnknown();
        return new McpToolSpec(label, url, description, authorization, headers, allowed, approval, defer);
    }

    private static Map<String, String> headers(Optional<JsonNode> node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isEmpty()) {
            return out;
        }
        for (String name : node.get().propertyNames()) {
            JsonNode value = node.get().get(name);
            if (!HEADER_NAME.matcher(name).matches()
                    || RESERVED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw ApiException.invalid("headers", "'headers' may not set '" + safe(name) + "'.");
            }
            if (!value.isString() || !printable(value.asString())) {
                // the value may be a secret: say which header, not what it held
                throw ApiException.invalid(
                        "headers", "The value of header '" + name + "' must be a string of printable ASCII.");
            }
            out.put(name, value.asString());
        }
        if (out.size() > 32) {
            throw ApiException.invalid("headers", "'headers' may hold at most 32 headers.");
        }
        return out;
    }

    /** {@code ["a", "b"]} (where a list is allowed) or {@code {"tool_names": [...], "read_only": bool}}. */
    private static McpToolSpec.ToolFilter filter(JsonNode node, String param, boolean listAllowed) {
        if (listAllowed && node.isArray()) {
            return new McpToolSpec.ToolFilter.Matching(Optional.of(names(node, param)), Optional.empty(), true);
        }
        if (!node.isObject()) {
            throw ApiException.invalid(
                    param,
                    listAllowed
                            ? "'" + param + "' must be an array of tool names or {\"tool_names\", \"read_only\"}."
                            : "'" + param + "' must be {\"tool_names\": [...], \"read_only\": bool}.");
        }
        for (String key : node.propertyNames()) {
            if (!key.equals("tool_names") && !key.equals("read_only")) {
                throw ApiException.unknownParameter(param + "." + key);
            }
        }
        Optional<List<String>> names = node.hasNonNull("tool_names")
                ? Optional.of(names(node.get("tool_names"), param + ".tool_names"))
                : Optional.empty();
        Optional<Boolean> readOnly = Optional.empty();
        if (node.hasNonNull("read_only")) {
            if (!node.get("read_only").isBoolean()) {
                throw ApiException.invalid(param + ".read_only", "'read_only' must be a boolean.");
            }
            readOnly = Optional.of(node.get("read_only").asBoolean());
        }
        return new McpToolSpec.ToolFilter.Matching(names, readOnly, false);
    }

    private static List<String> names(JsonNode node, String param) {
        if (!node.isArray()) {
            throw ApiException.invalid(param, "'" + param + "' must be an array of tool names.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isString() || n.asString().isBlank()) {
                throw ApiException.invalid(param, "'" + param + "' must hold tool names (strings).");
            }
            out.add(n.asString());
        }
        return out;
    }

    private static McpToolSpec.Approval approval(JsonNode node) {
        if (node == null || node.isNull()) {
            return new McpToolSpec.Approval.Always(); // OpenAI's default
        }
        if (node.isString()) {
            return switch (node.asString()) {
                case "always" -> new McpToolSpec.Approval.Always();
                case "never" -> new McpToolSpec.Approval.Never();
                default ->
                    throw ApiException.invalid(
                            "require_approval",
                            "'require_approval' must be 'always', 'never' or {\"always\": filter, \"never\": filter}.");
            };
        }
        if (!node.isObject()) {
            throw ApiException.invalid(
                    "require_approval",
                    "'require_approval' must be 'always', 'never' or {\"always\": filter, \"never\": filter}.");
        }
        for (String key : node.propertyNames()) {
            if (!key.equals("always") && !key.equals("never")) {
                throw ApiException.unknownParameter("require_approval." + key);
            }
        }
        return new McpToolSpec.Approval.PerTool(optionalFilter(node, "always"), optionalFilter(node, "never"));
    }

    private static Optional<McpToolSpec.ToolFilter> optionalFilter(JsonNode node, String key) {
        return node.hasNonNull(key)
                ? Optional.of(filter(node.get(key), "require_approval." + key, false))
                : Optional.empty();
    }

    private static boolean printable(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    private static String safe(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "…" : name;
    }
}
