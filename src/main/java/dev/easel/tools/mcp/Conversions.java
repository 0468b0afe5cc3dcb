package dev.easel.tools.mcp;

import dev.easel.json.Wire;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The SDK's schema records to this package's values, with Easel's mapper. */
final class Conversions {
    private Conversions() {}

    static McpTool tool(McpSchema.Tool tool) {
        JsonNode schema = tool.inputSchema() == null
                ? Wire.object().put("type", "object")
                : Wire.MAPPER.valueToTree(tool.inputSchema());
        return new McpTool(
                tool.name(),
                Optional.ofNullable(tool.description()),
                schema,
                Optional.ofNullable(tool.annotations()).map(Conversions::annotations));
    }

    private static McpToolAnnotations annotations(McpSchema.ToolAnnotations a) {
        return new McpToolAnnotations(
                Optional.ofNullable(a.title()),
                Optional.ofNullable(a.readOnlyHint()),
                Optional.ofNullable(a.destructiveHint()),
                Optional.ofNullable(a.idempotentHint()),
                Optional.ofNullable(a.openWorldHint()));
    }

    /** @throws IllegalArgumentException for an image whose data is not base64 */
    static McpCallResult result(McpSchema.CallToolResult result) {
        List<McpContent> parts = new ArrayList<>();
        for (McpSchema.Content content : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            parts.add(
                    switch (content) {
                        case McpSchema.TextContent text -> new McpContent.Text(text.text() == null ? "" : text.text());
                        case McpSchema.ImageContent image ->
                            new McpContent.Image(
                                    image.mimeType() == null ? "application/octet-stream" : image.mimeType(),
                                    Base64.getMimeDecoder().decode(image.data() == null ? "" : image.data()));
                        default -> other(content);
                    });
        }
        Optional<JsonNode> structured =
                Optional.ofNullable(result.structuredContent()).map(Wire.MAPPER::valueToTree);
        return new McpCallResult(parts, structured, Boolean.TRUE.equals(result.isError()));
    }

    private static McpContent other(McpSchema.Content content) {
        ObjectNode json = Wire.object().put("type", content.type());
        json.setAll((ObjectNode) Wire.MAPPER.valueToTree(content));
        return new McpContent.Other(content.type(), json);
    }
}
