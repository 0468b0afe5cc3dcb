package dev.easel.api;

import static dev.easel.api.PlannedTurns.startPlanner;
import static dev.easel.api.PlannedTurns.toolMessages;
import static dev.easel.api.PlannedTurns.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.tools.mcp.TestMcpServer;
import dev.easel.tools.planner.ScriptedChatServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A shop's MCP server that demands a bearer token and a tenant header (the project's own test
 * server on the TypeScript SDK): the product and its photo make the poster, and the token and
 * header value appear in no response body, event, stored byte or log line.
 */
class McpShopTest {
    private static final String TOKEN = "tok-Shop7Qm2-Vx9kLp4Zr";
    private static final String TENANT = "tenant-Ub3n8Wq5Ys";

    static final TestMcpServer shop = TestMcpServer.builder()
            .token(TOKEN)
            .requireHeader("X-Tenant", TENANT)
            .start();
    static final ScriptedChatServer planner = startPlanner();

    @RegisterExtension
    static final TestServer server = TestServer.withEnv(Map.of(
            "EASEL_PLANNER_URL", planner.baseUrl().toString(),
            "EASEL_PLANNER_MODEL", "test-model",
            "EASEL_URL_ALLOW", shop.allowEntry()));

    private static final String IMAGE_TOOL =
            "{\"type\": \"image_generation\", \"size\": \"64x64\", \"quality\": \"low\"}";

    @BeforeEach
    void resetPlanner() {
        planner.reset();
    }

    @AfterAll
    static void stop() {
        planner.close();
        shop.close();
    }

    @Test
    void theProductAndItsPhotoMakeThePosterAndNoSecretIsShownStoredOrLogged() {
        planner.enqueue(
                ScriptedChatServer.toolCall("shop__get_product", "{\"sku\": \"A-1\"}"),
                ScriptedChatServer.toolCall("shop__get_product_photo", "{\"sku\": \"A-1\"}"),
                ScriptedChatServer.toolCall(
                        "image_generation", "{\"prompt\": \"a poster of the Aurora desk lamp, 49.00 EUR\"}"),
                ScriptedChatServer.text("Here is the poster."));
        ResponseStream stream;
        String logged;
        try (LogCapture logs = LogCapture.start()) {
            stream = ResponseStream.post(
                    server,
                    body(
                            "\"make a poster of product A-1\"",
                            "[" + shopTool("\"require_approval\": \"never\"") + ", " + IMAGE_TOOL + "]",
                            "\"stream\": true"));
            logged = logs.everything();
        }

        JsonNode response = stream.finalResponse();
        JsonNode output = response.get("output");
        assertThat(types(output))
                .containsExactly("mcp_list_tools", "mcp_call", "mcp_call", "image_generation_call", "message");
        assertThat(output.get(1).get("output").asString()).contains(TestMcpServer.PRODUCT_NAME);
        assertThat(output.get(2).get("output").asString()).contains("[image: image/png");
        JsonNode image = output.get(3);
        assertThat(image.get("action").asString())
                .as("the shop's photo is the edit source")
                .isEqualTo("edit");
        assertThat(shop.calls()).endsWith("get_product", "get_product_photo");
        String productResult = toolMessages(planner.requests().get(1).json()).getLast();
        assertThat(productResult).contains(TestMcpServer.PRODUCT_PRICE);
        JsonNode echoed = response.get("tools").get(0);
        assertThat(echoed.get("headers").isNull()).isTrue();
        assertThat(echoed.has("authorization")).isFalse();

        String id = response.get("id").asString();
        assertThat(logged).as("the run logged at DEBUG").isNotEmpty();
        SecretScan scan = new SecretScan()
                .secret("the token", TOKEN)
                .secret("the header value", TENANT)
                .search("the stream", stream.body())
                .search("the response", Wire.get(server, "/v1/responses/" + id).body())
                .search(
                        "its input items",
                        Wire.get(server, "/v1/responses/" + id + "/input_items").body())
                .search(
                        "its replay",
                        ResponseStream.get(server, "/v1/responses/" + id + "?stream=true")
                                .body())
                .search("the logs", logged);
        scan.searchStored(server.dataDir());
        scan.assertNothingFound();
    }

    @Test
    void withoutTheTokenTheServerCannotBeListed() {
        String tool = "{\"type\": \"mcp\", \"server_label\": \"shop\", \"server_url\": \"" + shop.url()
                + "\", \"headers\": {\"X-Tenant\": \"" + TENANT + "\"}}";

        HttpResponse<String> response = Wire.postJson(server, "/v1/responses", body("\"hi\"", "[" + tool + "]", ""));

        JsonNode error = ApiErrors.assertError(response, 424, "external_connector_error", "http_error", "tools[0]");
        assertThat(error.get("message").asString()).contains("HTTP 401").doesNotContain(TENANT);
        assertThat(response.body()).doesNotContain(TENANT);
    }

    @Test
    void aToolThatReportsAnErrorIsAFailedCallWithItsContent() {
        planner.enqueue(
                ScriptedChatServer.toolCall("shop__fail_tool", "{}"),
                ScriptedChatServer.text("The warehouse is shut."));

        JsonNode response =
                create(body("\"order a lamp\"", "[" + shopTool("\"require_approval\": \"never\"") + "]", ""));

        JsonNode call = response.get("output").get(1);
        assertThat(call.get("status").asString()).isEqualTo("failed");
        assertThat(call.get("error").get("type").asString()).isEqualTo("mcp_tool_execution_error");
        assertThat(call.get("error").get("content").get(0).get("text").asString())
                .isEqualTo(TestMcpServer.FAILURE);
        assertThat(response.get("status").asString()).isEqualTo("completed");
        assertThat(toolMessages(planner.requests().get(1).json()).getLast())
                .isEqualTo("error: " + TestMcpServer.FAILURE);
    }

    @Test
    void readOnlyToolsRunAtOnceWhileAnOrderWaitsForApproval() {
        planner.enqueue(ScriptedChatServer.message("""
                {"role":"assistant","content":null,"tool_calls":[\
                {"id":"c1","type":"function","function":{"name":"shop__get_product","arguments":"{\\"sku\\":\\"A-1\\"}"}},\
                {"id":"c2","type":"function","function":{"name":"shop__place_order","arguments":"{\\"sku\\":\\"A-1\\",\\"qty\\":2}"}}]}"""));

        JsonNode response = create(body(
                "\"look up A-1 and order two\"",
                "[" + shopTool("\"require_approval\": {\"never\": {\"read_only\": true}}") + "]",
                ""));

        JsonNode output = response.get("output");
        assertThat(types(output)).containsExactly("mcp_list_tools", "mcp_call", "mcp_approval_request");
        assertThat(output.get(1).get("name").asString()).isEqualTo("get_product");
        assertThat(output.get(2).get("name").asString()).isEqualTo("place_order");
        assertThat(response.get("status").asString()).isEqualTo("completed");
        assertThat(shop.calls()).doesNotContain("place_order");
        assertThat(planner.requests()).hasSize(1);
    }

    @Test
    void inDirectModeToolsWithoutArgumentsFeedThePrompt() {
        JsonNode response = create(body(
                        "\"a poster of today's specials\"",
                        "[" + shopTool("\"allowed_tools\": [\"list_specials\"], \"require_approval\": \"never\"") + ", "
                                + IMAGE_TOOL + "]",
                        "")
                .replace("\"gpt-4.1\"", "\"direct\""));

        JsonNode output = response.get("output");
        assertThat(types(output)).containsExactly("mcp_list_tools", "mcp_call", "image_generation_call", "message");
        assertThat(output.get(2).get("revised_prompt").asString())
                .isEqualTo("a poster of today's specials\n\n" + TestMcpServer.SPECIALS);
        assertThat(planner.requests()).isEmpty();
    }

    private static String shopTool(String extra) {
        return "{\"type\": \"mcp\", \"server_label\": \"shop\", \"server_url\": \"" + shop.url()
                + "\", \"authorization\": \"" + TOKEN + "\", \"headers\": {\"X-Tenant\": \"" + TENANT + "\"}"
                + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private static String body(String input, String tools, String extra) {
        return "{\"model\": \"gpt-4.1\", \"input\": " + input + ", \"tools\": " + tools
                + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private static JsonNode create(String json) {
        JsonNode response = PlannedTurns.create(server, json);
        assertThat(response.toString()).doesNotContain(TOKEN).doesNotContain(TENANT);
        return response;
    }
}
