package dev.easel.tools;

import dev.easel.json.Wire;
import dev.easel.tools.mcp.McpCallResult;
import dev.easel.tools.mcp.McpContent;
import dev.easel.tools.mcp.McpError;
import dev.easel.tools.mcp.McpTool;
import dev.easel.wire.McpToolError;
import dev.easel.wire.OutputItem;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What the MCP client's values look like on the wire: listed tools, results as text, errors as the typed union. */
final class McpItems {
    private McpItems() {}

    /** The item's text: the text parts; other parts as placeholders or their JSON; else the structured content. */
    static String output(McpCallResult result) {
        List<String> parts = new ArrayList<>();
        for (McpContent part : result.content()) {
            parts.add(
                    switch (part) {
                        case McpContent.Text t -> t.text();
                        case McpContent.Image i -> "[image: " + i.mimeType() + ", " + i.data().length + " bytes]";
                        case McpContent.Other o -> o.json().toString();
                    });
        }
        if (parts.isEmpty() && result.structuredContent().isPresent()) {
            return result.structuredContent().get().toString();
        }
        return String.join("\n", parts);
    }

    static McpToolError toWire(McpError error) {
        return switch (error) {
            case McpError.ProtocolError p -> new McpToolError.Protocol(p.code(), p.message());
            case McpError.ToolExecutionError t -> new McpToolError.ToolExecution(content(t.content()));
            case McpError.HttpError h -> new McpToolError.Http(h.status(), h.message());
            // No HTTP status came at all (refused by the guard, connection refused, connect timeout).
            case McpError.Unreachable u -> new McpToolError.Http(0, u.message());
        };
    }

    private static ArrayNode content(List<McpContent> content) {
        ArrayNode array = Wire.array();
        for (McpContent part : content) {
            switch (part) {
                case McpContent.Text t -> array.addObject().put("type", "text").put("text", t.text());
                case McpContent.Image i ->
                    array.addObject()
                            .put("type", "image")
                            .put("mimeType", i.mimeType())
                            .put("data", Base64.getEncoder().encodeToString(i.data()));
                case McpContent.Other o -> array.add(o.json());
            }
        }
        return array;
    }

    static OutputItem.McpToolInfo info(McpTool tool) {
        Optional<JsonNode> annotations = tool.annotations().map(a -> {
            ObjectNode o = Wire.object();
            a.title().ifPresent(v -> o.put("title", v));
            a.readOnlyHint().ifPresent(v -> o.put("readOnlyHint", v));
            a.destructiveHint().ifPresent(v -> o.put("destructiveHint", v));
            a.idempotentHint().ifPresent(v -> o.put("idempotentHint", v));
            a.openWorldHint().ifPresent(v -> o.put("openWorldHint", v));
            return o;
        });
        return new OutputItem.McpToolInfo(tool.name(), tool.description(), tool.inputSchema(), annotations);
    }

    static boolean readOnly(OutputItem.McpToolInfo tool) {
        return tool.annotations()
                .map(a -> a.path("readOnlyHint").asBoolean(false)
                        || a.path("read_only").asBoolean(false))
                .orElse(false);
    }
}
