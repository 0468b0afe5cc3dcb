package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.json.Wire;
import dev.easel.wire.ApiException;
import dev.easel.wire.McpToolSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code mcp} tool's fields (spec 5.1): every field accepted, the echo OpenAI's responses
 * show (headers null, no authorization), secrets nowhere else, and each mistake a 400 naming the
 * field at its place in the request.
 */
class McpToolSpecParserTest {
    private static final String TOKEN = "tok_SECRET_9f2c";
    private static final String HEADER_VALUE = "hv_SECRET_77ab";

    @Test
    void everyFieldIsReadAndTheEchoHidesTheSecrets() {
        McpToolSpec tool = McpToolSpecParser.parse(Wire.read("""
                        {"type": "mcp", "server_label": "shop", "server_url": "https://mcp.example.com/mcp",
                         "server_description": "A shop", "authorization": "%s",
                         "headers": {"X-Api-Key": "%s"}, "allowed_tools": ["find", "price"],
                         "require_approval": {"never": {"read_only": true}}, "defer_loading": true,
                         "allowed_callers": ["direct"]}""".formatted(TOKEN, HEADER_VALUE)), "tools[1]");
        assertThat(tool.serverLabel()).isEqualTo("shop");
        assertThat(tool.authorization()).hasValue(TOKEN);
        assertThat(tool.headers()).containsEntry("X-Api-Key", HEADER_VALUE);
        assertThat(Wire.write(tool.echo()))
                .isEqualTo("{\"type\":\"mcp\",\"allowed_tools\":[\"find\",\"price\"],\"headers\":null,"
                        + "\"require_approval\":{\"never\":{\"read_only\":true}},\"server_description\":\"A shop\","
                        + "\"server_label\":\"shop\",\"server_url\":\"https://mcp.example.com/mcp\","
                        + "\"defer_loading\":true}");
        assertThat(tool.toString())
                .doesNotContain(TOKEN)
                .doesNotContain(HEADER_VALUE)
                .contains("X-Api-Key");
    }

    @Test
    void defaultsAreOpenAisEveryToolAndAlwaysAskFirst() {
        McpToolSpec tool = McpToolSpecParser.parse(
                Wire.read("{\"type\": \"mcp\", \"server_label\": \"s\", \"server_url\": \"http://h/mcp\"}"),
                "tools[0]");
        assertThat(tool.allowedTools()).isEqualTo(new McpToolSpec.ToolFilter.All());
        assertThat(tool.requireApproval()).isEqualTo(new McpToolSpec.Approval.Always());
        assertThat(Wire.write(tool.echo()))
                .isEqualTo("{\"type\":\"mcp\",\"allowed_tools\":null,\"headers\":null,\"require_approval\":"
                        + "\"always\",\"server_description\":null,\"server_label\":\"s\",\"server_url\":"
                        + "\"http://h/mcp\"}");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "find|true|false", // read-only and in never: runs without approval
                "find|false|true", // not read-only: "never" does not match it, so the default: ask
                "delete|true|true", // always names it: approval even though read-only
                "other|false|true" // matched by nothing: the default, ask
            })
    void perToolApprovalFollowsTheFilters(String name, boolean readOnly, boolean required) {
        McpToolSpec tool = McpToolSpecParser.parse(Wire.read("""
                        {"type": "mcp", "server_label": "s", "server_url": "https://h/mcp",
                         "require_approval": {"always": {"tool_names": ["delete"]}, "never": {"read_only": true}}}"""), "tools[0]");
        assertThat(tool.requireApproval().required(name, readOnly)).isEqualTo(required);
    }

    @Test
    void allowedToolsFilterByNameAndReadOnlyHint() {
        McpToolSpec tool = McpToolSpecParser.parse(Wire.read("""
                        {"type": "mcp", "server_label": "s", "server_url": "https://h/mcp",
                         "allowed_tools": {"tool_names": ["a", "b"], "read_only": true}}"""), "tools[0]");
        assertThat(tool.allowedTools().matches("a", true)).isTrue();
        assertThat(tool.allowedTools().matches("a", false)).isFalse();
        assertThat(tool.allowedTools().matches("c", true)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "connector_id|{\"server_label\": \"s\", \"connector_id\": \"connector_gmail\"}|unsupported_parameter"
                        + "|tools[2].connector_id",
                "tunnel_id|{\"server_label\": \"s\", \"tunnel_id\": \"t1\"}|unsupported_parameter|tools[2].tunnel_id",
                "no label|{\"server_url\": \"https://h/mcp\"}|missing_required_parameter|tools[2].server_label",
                "no url|{\"server_label\": \"s\"}|missing_required_parameter|tools[2].server_url",
                "bad url|{\"server_label\": \"s\", \"server_url\": \"ftp://h\"}|invalid_value|tools[2].server_url",
                "credentials in url|{\"server_label\": \"s\", \"server_url\": \"https://u:p@h/mcp\"}|invalid_value"
                        + "|tools[2].server_url",
                "bad label|{\"server_label\": \"a b\", \"server_url\": \"https://h\"}|invalid_value"
                        + "|tools[2].server_label",
                "bad allowed_tools|{\"server_label\": \"s\", \"server_url\": \"https://h\", \"allowed_tools\": 3}"
                        + "|invalid_value|tools[2].allowed_tools",
                "bad read_only|{\"server_label\": \"s\", \"server_url\": \"https://h\", \"allowed_tools\":"
                        + " {\"read_only\": \"yes\"}}|invalid_value|tools[2].allowed_tools.read_only",
                "bad approval|{\"server_label\": \"s\", \"server_url\": \"https://h\", \"require_approval\":"
                        + " \"sometimes\"}|invalid_value|tools[2].require_approval",
                "unknown filter key|{\"server_label\": \"s\", \"server_url\": \"https://h\", \"require_approval\":"
                        + " {\"never\": {\"names\": []}}}|unknown_parameter|tools[2].require_approval.never.names",
                "reserved header|{\"server_label\": \"s\", \"server_url\": \"https://h\", \"headers\":"
                        + " {\"Host\": \"x\"}}|invalid_value|tools[2].headers",
                "unknown field|{\"server_label\": \"s\", \"server_url\": \"https://h\", \"colour\": 1}"
                        + "|unknown_parameter|tools[2].colour"
            })
    void eachMistakeNamesItsField(String name, String json, String code, String param) {
        assertThatThrownBy(() -> McpToolSpecParser.parse(Wire.read(json), "tools[2]"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).hasValue(code);
                    assertThat(e.param()).hasValue(param);
                });
    }

    @Test
    void aBadHeaderValueIsNamedButNotShown() {
        assertThatThrownBy(() -> McpToolSpecParser.parse(
                        Wire.read("{\"server_label\": \"s\", \"server_url\": \"https://h\", \"headers\":"
                                + " {\"X-Key\": \"" + HEADER_VALUE + "\\n\"}}"),
                        "tools[0]"))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.getMessage()).contains("X-Key").doesNotContain(HEADER_VALUE));
    }
}
