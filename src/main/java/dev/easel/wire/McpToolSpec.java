package dev.easel.wire;

import dev.easel.json.Wire;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code mcp} tool as a request configured it (spec 5.1). {@code authorization} and the
 * {@code headers} values are secrets: they are sent to the server and nowhere else, never echoed
 * (the echo says {@code headers: null} and has no {@code authorization}), never stored, never in
 * {@link #toString()}.
 *
 * @param serverUrl the server's Streamable HTTP (or legacy HTTP+SSE) endpoint; checked by the URL
 *     guard before any connection
 * @param deferLoading accepted; Easel lists a server's tools when the turn needs them either way
 */
public record McpToolSpec(
        String serverLabel,
        String serverUrl,
        Optional<String> serverDescription,
        Optional<String> authorization,
        Map<String, String> headers,
        ToolFilter allowedTools,
        Approval requireApproval,
        boolean deferLoading)
        implements ToolSpec {

    public McpToolSpec {
        headers = Map.copyOf(new LinkedHashMap<>(headers));
    }

    /**
     * Which tools of a server a filter matches: by name, and by the server's read-only hint (an
     * untrusted hint: it narrows what the planner is offered, it grants nothing).
     */
    public sealed interface ToolFilter {
        boolean matches(String toolName, boolean readOnlyHint);

        /** No filter: every tool. */
        record All() implements ToolFilter {
            @Override
            public boolean matches(String toolName, boolean readOnlyHint) {
                return true;
            }
        }

        /** {@code ["a", "b"]}, or {@code {"tool_names": [...], "read_only": bool}}. */
        record Matching(Optional<List<String>> toolNames, Optional<Boolean> readOnly, boolean listForm)
                implements ToolFilter {
            public Matching {
                toolNames = toolNames.map(List::copyOf);
            }

            @Override
            public boolean matches(String toolName, boolean readOnlyHint) {
                return toolNames.map(n -> n.contains(toolName)).orElse(true)
                        && readOnly.map(r -> r == readOnlyHint).orElse(true);
            }
        }
    }

    /** {@code require_approval}: always (OpenAI's default), never, or per-tool filters. */
    public sealed interface Approval {
        boolean required(String toolName, boolean readOnlyHint);

        record Always() implements Approval {
            @Override
            public boolean required(String toolName, boolean readOnlyHint) {
                return true;
            }
        }

        record Never() implements Approval {
            @Override
            public boolean required(String toolName, boolean readOnlyHint) {
                return false;
            }
        }

        /**
         * {@code {"always": filter, "never": filter}}: a tool the {@code never} filter matches runs
         * without approval unless {@code always} also names it; every other tool needs approval.
         */
        record PerTool(Optional<ToolFilter> always, Optional<ToolFilter> never) implements Approval {
            @Override
            public boolean required(String toolName, boolean readOnlyHint) {
                boolean askAlways =
                        always.map(f -> f.matches(toolName, readOnlyHint)).orElse(false);
                boolean skip = never.map(f -> f.matches(toolName, readOnlyHint)).orElse(false);
                return askAlways || !skip;
            }
        }
    }

    /** The echo in {@code response.tools}, in the key order OpenAI's responses show. */
    @Override
    public ObjectNode echo() {
        ObjectNode t = Wire.object();
        t.put("type", "mcp");
        t.set("allowed_tools", filterJson(allowedTools));
        t.putNull("headers");
        switch (requireApproval) {
            case Approval.Always() -> t.put("require_approval", "always");
            case Approval.Never() -> t.put("require_approval", "never");
            case Approval.PerTool(Optional<ToolFilter> always, Optional<ToolFilter> never) -> {
                ObjectNode o = t.putObject("require_approval");
                always.ifPresent(f -> o.set("always", filterJson(f)));
                never.ifPresent(f -> o.set("never", filterJson(f)));
            }
        }
        serverDescription.ifPresentOrElse(d -> t.put("server_description", d), () -> t.putNull("server_description"));
        t.put("server_label", serverLabel);
        t.put("server_url", serverUrl);
        if (deferLoading) {
            t.put("defer_loading", true);
        }
        return t;
    }

    private static tools.jackson.databind.JsonNode filterJson(ToolFilter filter) {
        return switch (filter) {
            case ToolFilter.All() -> Wire.MAPPER.getNodeFactory().nullNode();
            case ToolFilter.Matching m
            when m.listForm() -> {
                ArrayNode names = Wire.array();
                m.toolNames().orElse(List.of()).forEach(names::add);
                yield names;
            }
            case ToolFilter.Matching m -> {
                ObjectNode o = Wire.object();
                m.toolNames().ifPresent(n -> n.forEach(o.putArray("tool_names")::add));
                m.readOnly().ifPresent(r -> o.put("read_only", r));
                yield o;
            }
        };
    }

    /** Never shows the authorization or header values. */
    @Override
    public String toString() {
        return "McpToolSpec[serverLabel=" + serverLabel + ", serverUrl=" + serverUrl + ", authorization="
                + (authorization.isPresent() ? "<redacted>" : "none") + ", headers=" + headers.keySet()
                + ", allowedTools=" + allowedTools + ", requireApproval=" + requireApproval + "]";
    }
}
