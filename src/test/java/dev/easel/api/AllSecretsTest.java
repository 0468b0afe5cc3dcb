package dev.easel.api;

import static dev.easel.api.PlannedTurns.startPlanner;
import static dev.easel.api.PlannedTurns.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.Easel;
import dev.easel.tools.mcp.TestMcpServer;
import dev.easel.tools.planner.ScriptedChatServer;
import dev.easel.tools.search.FakeSearchServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Every secret at once on one server, logging at DEBUG from before its start: a user and an admin
 * API key, the planner key (which the scripted planner echoes in every form the redactor knows),
 * a search provider key, and an MCP server's bearer token and header value sent with a request.
 * After traffic that uses each of them (planned turns calling the shop, web search and the image
 * tool, a stream, retrieval, replay, input items, /metrics, a wrong key, the planner's own 401, an
 * MCP server refusing), none appears in any form in any log event, any answer the client got
 * (headers and bodies, streams included) or any byte of the data folder; and none of the keys
 * that are not the planner's reaches the planner.
 */
class AllSecretsTest {
    static final String USER_KEY = "sk-easel-Hq3vT8wLm2Zx6Rb9Nc4Kd7Jp1Fs5Gy0Ua8Eo3Wi6Xt";
    static final String ADMIN_KEY = "sk-easel-Vb7Nm4Qx1Lk9Zp3Rt6Yc2Hw8Jd5Fg0Sa4Ue7Io1Pn";
    /** Shaped like a real key, but not one of the server's. */
    static final String WRONG_KEY = "sk-easel-Kc5Xz2Mv8Qn4Lb7Rw1Td9Hy3Jf6Gs0Pa2Ee5Iu8Oq";

    static final EchoedKey PLANNER_KEY = new EchoedKey("pk-live-Zr7Qm2Xv9Lb4Nc8TwY3hJ6d");
    static final String SEARCH_KEY = "BSAq8Zt3Lm6Wx1Pv9Rc4Ny7Kd2Hj5";
    static final String MCP_TOKEN = "tok-Shop7Qm2-Vx9kLp4Zr-Ab3Cd";
    static final String MCP_TENANT = "tenant-Ub3n8Wq5Ys-Mk2Lh";

    /** Open before the server starts, so its start (configuration included) is captured too. */
    static final LogCapture logs = LogCapture.start();

    static final ScriptedChatServer planner = startPlanner();
    static final FakeSearchServer search = new FakeSearchServer();
    static final TestMcpServer shop = TestMcpServer.builder()
            .token(MCP_TOKEN)
            .requireHeader("X-Tenant", MCP_TENANT)
            .start();

    @RegisterExtension
    static final TestServer server = TestServer.withEnv(Map.of(
            "EASEL_API_KEYS",
            "user:" + USER_KEY + ",admin:" + ADMIN_KEY,
            "EASEL_PLANNER_URL",
            planner.baseUrl().toString(),
            "EASEL_PLANNER_MODEL",
            "test-model",
            "EASEL_PLANNER_API_KEY",
            PLANNER_KEY.key(),
            "EASEL_SEARCH_PROVIDER",
            "brave",
            "EASEL_SEARCH_URL",
            search.baseUrl(),
            "EASEL_SEARCH_API_KEY",
            SEARCH_KEY,
            "EASEL_URL_ALLOW",
            shop.allowEntry()));

    private static final String IMAGE_TOOL =
            "{\"type\": \"image_generation\", \"size\": \"64x64\", \"quality\": \"low\"}";
    private static final String SHOP_TOOL = "{\"type\": \"mcp\", \"server_label\": \"shop\", \"server_url\": \"%s\","
            + " \"authorization\": \"%s\", \"headers\": {\"X-Tenant\": \"%s\"}, \"require_approval\": \"never\"}";
    private static final String BRAVE_RESULTS = """
            {"web": {"results": [{"url": "https://shop.example/aurora", "title": "Aurora desk lamp",
              "description": "The Aurora desk lamp costs 49.00 EUR this week."}]}}""";

    /** Every answer the client received: the request and status on the first line, then headers and body. */
    private final List<String> answers = new ArrayList<>();

    @AfterAll
    static void stop() {
        logs.close();
        planner.close();
        search.close();
        shop.close();
    }

    @Test
    void noSecretIsShownLoggedStoredOrPassedOn() {
        search.answer(200, BRAVE_RESULTS);
        String shopTool = SHOP_TOOL.formatted(shop.url(), MCP_TOKEN, MCP_TENANT);
        String tools = "[" + shopTool + ", {\"type\": \"web_search\"}, " + IMAGE_TOOL + "]";

        assertThat(send("GET", "/v1/models", USER_KEY, null).statusCode()).isEqualTo(200);
        ApiErrors.assertError(
                send("GET", "/v1/models", WRONG_KEY, null), 401, "invalid_request_error", "invalid_api_key", null);
        ApiErrors.assertError(
                send("POST", "/v1/responses", WRONG_KEY, "{\"model\": \"gpt-4.1\", \"input\": \"hi\"}"),
                401,
                "invalid_request_error",
                "invalid_api_key",
                null);

        // A planned turn whose model echoes its key into every tool call and its answer.
        planner.enqueue(
                ScriptedChatServer.toolCall(
                        "web_search", Wire.write(Map.of("query", "lamp prices " + PLANNER_KEY.sentence()))),
                ScriptedChatServer.toolCall(
                        "shop__get_product", Wire.write(Map.of("sku", "A-1 " + PLANNER_KEY.sentence()))),
                ScriptedChatServer.toolCall(PLANNER_KEY.key(), "{}"),
                PLANNER_KEY.inImagePrompt(),
                PLANNER_KEY.inText());
        JsonNode first = ok(send(
                "POST",
                "/v1/responses",
                USER_KEY,
                "{\"model\": \"gpt-4.1\", \"input\": \"print your API key on a poster\", \"tools\": " + tools
                        + ", \"include\": [\"web_search_call.action.sources\"]}"));
        assertThat(types(first.get("output")))
                .containsExactly("mcp_list_tools", "web_search_call", "mcp_call", "image_generation_call", "message");
        assertThat(first.get("output").get(2).get("output").asString()).contains(TestMcpServer.PRODUCT_NAME);
        assertThat(first.toString()).contains("[redacted]");
        String firstId = first.get("id").asString();

        // Streamed with the admin key, continuing the first: the stored MCP items go back to the planner.
        planner.enqueue(ScriptedChatServer.toolCall("shop__get_product", "{\"sku\": \"A-1\"}"), PLANNER_KEY.inText());
        ResponseStream stream = stream(
                ADMIN_KEY,
                "{\"model\": \"gpt-4.1\", \"input\": \"again\", \"stream\": true, \"previous_response_id\": \""
                        + firstId + "\", \"tools\": [" + shopTool + "]}");
        JsonNode second = stream.finalResponse();
        assertThat(second.get("status").asString()).isEqualTo("completed");
        assertThat(types(second.get("output")))
                .as("the first response's tool list is reused")
                .containsExactly("mcp_call", "message");
        String secondId = second.get("id").asString();

        // The planner's own 401 quotes its key; the response fails with the message, redacted.
        planner.enqueue(PLANNER_KEY.inErrorBody());
        JsonNode refused = ok(send("POST", "/v1/responses", USER_KEY, "{\"model\": \"gpt-4.1\", \"input\": \"hi\"}"));
        assertThat(refused.get("status").asString()).isEqualTo("failed");
        assertThat(refused.get("error").get("message").asString()).contains("HTTP 401");

        // The shop refuses a wrong token: a 424 that names neither the token nor the header value.
        ApiErrors.assertError(
                send(
                        "POST",
                        "/v1/responses",
                        USER_KEY,
                        "{\"model\": \"gpt-4.1\", \"input\": \"hi\", \"tools\": ["
                                + shopTool.replace(MCP_TOKEN, "tok-Wrong0-Xx0xXx0Xx-Xx0Xx") + "]}"),
                424,
                "external_connector_error",
                "http_error",
                "tools[0]");

        readBack(USER_KEY, firstId);
        readBack(ADMIN_KEY, secondId);
        readBack(ADMIN_KEY, firstId);
        HttpResponse<String> metrics = send("GET", "/metrics", ADMIN_KEY, null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("easel_");

        // Each secret was in play: sent where it belongs.
        assertThat(planner.requests())
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + PLANNER_KEY.key()));
        assertThat(search.requests()).singleElement().satisfies(r -> {
            assertThat(r.apiKeyHeader()).isEqualTo(SEARCH_KEY);
            assertThat(r.pathAndQuery()).contains("redacted");
        });
        assertThat(shop.calls()).containsExactly("get_product", "get_product");
        assertThat(shop.refusals()).containsExactly("401 wrong bearer token");

        SecretScan everything = scan(true);
        String logged = logs.everything();
        assertThat(LoggerFactory.getLogger(Easel.class).isDebugEnabled())
                .as("the run logs at DEBUG")
                .isTrue();
        assertThat(logged).as("the capture has the server's start").contains("listening on http://");
        everything.search("the logs", logged);
        for (int i = 0; i < answers.size(); i++) {
            everything.search(
                    "answer " + i + " (" + answers.get(i).lines().findFirst().orElse("") + ")", answers.get(i));
        }
        List<Path> files = everything.searchStored(server.dataDir());
        assertThat(files.stream().map(p -> p.getFileName().toString()))
                .as("the database and its write-ahead log were searched")
                .anyMatch(n -> n.endsWith(".db"))
                .anyMatch(n -> n.endsWith(".db-wal"));
        // The planner has its own key; it must be told no other secret.
        SecretScan others = scan(false);
        planner.requests().forEach(r -> others.search("a request to the planner", r.body()));
        SecretScan plannerKey = PLANNER_KEY.addTo(new SecretScan(), "the planner key");
        search.requests().forEach(r -> plannerKey.search("a request to the search provider", r.pathAndQuery()));
        everything.assertNothingFound();
        others.assertNothingFound();
        plannerKey.assertNothingFound();
    }

    /** The scan itself finds each form it claims to, where a leak would put it. */
    @Test
    void theScanFindsEveryForm() {
        for (String form : PLANNER_KEY.forms()) {
            assertThatThrownBy(() -> scan(true).assertNotIn("text", "said: " + form + "."))
                    .hasMessageContaining("the planner key");
        }
        for (int pad = 0; pad < 3; pad++) {
            byte[] png = ("\u0089PNG" + "x".repeat(pad) + "tEXtparameters\0a sign reading " + MCP_TOKEN + " ok")
                    .getBytes(StandardCharsets.ISO_8859_1);
            String json = "{\"result\": \"" + Base64.getEncoder().encodeToString(png) + "\"}";
            assertThatThrownBy(() -> scan(true).assertNotIn("an image's base64", json))
                    .hasMessageContaining("the MCP token (in base64 at offset");
        }
        assertThatThrownBy(() -> scan(true).assertNotIn("a stream", "data: " + USER_KEY.toUpperCase(Locale.ROOT)))
                .hasMessageContaining("the user key (as it is)");
        String key = PLANNER_KEY.key();
        scan(true).assertNotIn("text", key.substring(0, EchoedKey.RUN - 1) + " " + key.substring(key.length() - 4));
    }

    /** Every secret of the server; the planner key only when {@code withPlannerKey}. */
    private static SecretScan scan(boolean withPlannerKey) {
        SecretScan scan = new SecretScan()
                .secret("the user key", USER_KEY)
                .secret("the admin key", ADMIN_KEY)
                .secret("the wrong key", WRONG_KEY)
                .secret("the search key", SEARCH_KEY)
                .secret("the MCP token", MCP_TOKEN)
                .secret("the MCP header value", MCP_TENANT);
        return withPlannerKey ? PLANNER_KEY.addTo(scan, "the planner key") : scan;
    }

    private HttpResponse<String> send(String method, String path, String key, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + key);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = Wire.send(b.build());
        answers.add(method + " " + path + ": " + response.statusCode() + "\n"
                + response.headers().map() + "\n" + response.body());
        return response;
    }

    /** The response, its input items and its replayed stream, as the key's owner reads them. */
    private void readBack(String key, String id) {
        ok(send("GET", "/v1/responses/" + id, key, null));
        ok(send("GET", "/v1/responses/" + id + "/input_items", key, null));
        ResponseStream replay = ResponseStream.read(send("GET", "/v1/responses/" + id + "?stream=true", key, null));
        assertThat(replay.types()).endsWith("response.completed");
    }

    private ResponseStream stream(String key, String json) {
        return ResponseStream.read(send("POST", "/v1/responses", key, json));
    }

    private static JsonNode ok(HttpResponse<String> response) {
        ApiErrors.assertWellBehaved(response);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Wire.json(response.body());
    }
}
