package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * What the playground stands on, over the wire with API keys on: its static files at {@code /} (public, with a
 * policy that keeps it to this origin) and {@code GET /v1/responses}, the caller's stored responses as a
 * cursor-paginated list (an Easel extension the page's history reads).
 */
class PlaygroundWireTest {
    static final String ALICE = "sk-alice-0123456789abcdefghijklmnopqrstuv";
    static final String BOB = "sk-bob-0123456789abcdefghijklmnopqrstuvwxyz";
    static final String ADMIN = "sk-admin-0123456789abcdefghijklmnopqrstuv";

    @RegisterExtension
    static final TestServer server =
            TestServer.withEnv(Map.of("EASEL_API_KEYS", ALICE + "," + BOB + ",admin:" + ADMIN));

    private static HttpResponse<String> call(String method, String path, String key, String json) {
        return Wire.call(server, method, path, key, json);
    }

    private static String respond(String key, String prompt, boolean store) {
        HttpResponse<String> r = call("POST", "/v1/responses", key, """
                {"model": "direct", "input": "%s", "store": %s,
                 "tools": [{"type": "image_generation", "size": "64x64", "quality": "low"}]}""".formatted(prompt, store));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Wire.json(r.body()).path("id").asString();
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("data").forEach(r -> ids.add(r.path("id").asString()));
        return ids;
    }

    @Test
    void thePageIsServedWithoutAKeyAndKeptToThisOrigin() throws IOException {
        HttpResponse<String> page = call("GET", "/", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp ->
                        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'"));
        assertThat(page.body()).contains("/playground/app.js").doesNotContainPattern("(src|href)=\"(https?:)?//");
        // Every file of the page's folder is served, and nothing the page names is missing.
        Path folder =
                Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/main/resources/playground");
        List<String> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(PlaygroundRoutes.ASSETS).containsExactlyInAnyOrderElementsOf(files);
        for (String name : files) {
            HttpResponse<String> asset = call("GET", "/playground/" + name, null, null);
            assertThat(asset.statusCode()).as(name).isEqualTo(200);
            assertThat(asset.body()).as(name).isEqualTo(Files.readString(folder.resolve(name)));
            assertThat(asset.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            String etag = asset.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> again = Wire.send(HttpRequest.newBuilder(server.uri("/playground/" + name))
                    .header("If-None-Match", etag)
                    .GET()
                    .build());
            assertThat(again.statusCode()).as(name).isEqualTo(304);
        }
        HttpResponse<String> missing = call("GET", "/playground/nothing.js", null, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Wire.json(missing.body()).path("error").path("message").asString())
                .contains("/playground/nothing.js");
        // The API itself still needs the key.
        assertThat(call("GET", "/v1/responses", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aHeadIsAnsweredAsItsGetWithoutTheBody() {
        for (String path : List.of("/", "/playground/app.js", "/health")) {
            HttpResponse<String> get = call("GET", path, null, null);
            HttpResponse<String> head = Wire.send(HttpRequest.newBuilder(server.uri(path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build());
            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
            assertThat(head.headers().firstValue("Content-Type"))
                    .as(path)
                    .isEqualTo(get.headers().firstValue("Content-Type"));
            assertThat(head.headers().firstValue("Content-Length"))
                    .as(path)
                    .isEqualTo(get.headers().firstValue("Content-Length"));
            assertThat(head.headers().firstValue("ETag"))
                    .as(path)
                    .isEqualTo(get.headers().firstValue("ETag"));
        }
        HttpResponse<String> missing = Wire.send(HttpRequest.newBuilder(server.uri("/playground/nothing.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void theListShowsTheCallersStoredResponsesNewestFirstPageByPage() {
        String first = respond(ALICE, "one", true);
        String second = respond(ALICE, "two", true);
        respond(ALICE, "gone", false);
        String third = respond(ALICE, "three", true);
        String bobs = respond(BOB, "bob", true);

        JsonNode all =
                Wire.json(call("GET", "/v1/responses?limit=100", ALICE, null).body());
        assertThat(all.path("object").asString()).isEqualTo("list");
        assertThat(ids(all)).containsSubsequence(third, second, first).doesNotContain(bobs);
        assertThat(all.path("data").get(0).path("output").get(0).path("result").asString())
                .as("each entry is the whole response")
                .isNotEmpty();

        JsonNode page =
                Wire.json(call("GET", "/v1/responses?limit=2", ALICE, null).body());
        assertThat(ids(page)).containsExactly(third, second);
        assertThat(page.path("has_more").asBoolean()).isTrue();
        assertThat(page.path("first_id").asString()).isEqualTo(third);
        assertThat(page.path("last_id").asString()).isEqualTo(second);
        JsonNode next = Wire.json(call("GET", "/v1/responses?limit=2&after=" + second, ALICE, null)
                .body());
        assertThat(ids(next)).startsWith(first);

        JsonNode ascending = Wire.json(
                call("GET", "/v1/responses?order=asc&limit=100", ALICE, null).body());
        assertThat(ids(ascending)).containsSubsequence(first, second, third);

        assertThat(ids(Wire.json(
                        call("GET", "/v1/responses?limit=100", ADMIN, null).body())))
                .contains(first, bobs);
        assertThat(ids(Wire.json(
                        call("GET", "/v1/responses?limit=100", BOB, null).body())))
                .contains(bobs)
                .doesNotContain(first);
    }

    @Test
    void badListingsAreOpenAisErrors() {
        for (String query : List.of("limit=0", "limit=101", "limit=x", "order=up")) {
            HttpResponse<String> r = call("GET", "/v1/responses?" + query, ALICE, null);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(Wire.json(r.body()).path("error").path("type").asString())
                    .isEqualTo("invalid_request_error");
        }
        String bobs = respond(BOB, "bob's", true);
        // Another key's response is no cursor of this listing: it cannot be probed.
        HttpResponse<String> foreign = call("GET", "/v1/responses?after=" + bobs, ALICE, null);
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(Wire.json(foreign.body()).path("error").path("param").asString())
                .isEqualTo("after");
        assertThat(call("GET", "/v1/responses?after=resp_nothing", ALICE, null).statusCode())
                .isEqualTo(400);
    }
}
