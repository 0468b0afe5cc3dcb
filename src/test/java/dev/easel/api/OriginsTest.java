package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.cli.ConfigSources;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Browsers' origins through the wire, on a server with API keys and {@code cors.allowed_origins}:
 * the listed origin's preflight is answered without a key, its requests get through with CORS
 * headers on every answer (errors and streams too), and any other origin is refused as before,
 * without a CORS header.
 */
class OriginsTest {
    static final String APP = "https://app.example";
    static final String KEY = "sk-cors-0123456789abcdefghijklmnopqrstuvw";
    /** Only the stream's test uses it: each key may ask for one image a minute. */
    static final String STREAM_KEY = "sk-cors-stream-0123456789abcdefghijklmnopq";
    /** Only the rate limit's test uses it. */
    static final String LIMITED_KEY = "sk-cors-limited-0123456789abcdefghijklmnop";

    @RegisterExtension
    static final TestServer server = TestServer.with(Map.of(
            "auth.api_keys",
            KEY + "," + STREAM_KEY + "," + LIMITED_KEY,
            "cors.allowed_origins",
            APP,
            "limits.images_per_minute",
            "1"));

    private static final String GENERATION = """
            {"model": "gpt-image-1", "prompt": "a kite over the dunes", "size": "64x64"}""";

    private static HttpRequest.Builder post(String origin, String key, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri("/v1/images/generations"))
                .header("Origin", origin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    /** What the OpenAI JS SDK's browser build asks for before its first POST. */
    private static HttpResponse<String> preflight(String origin) {
        return Wire.send(HttpRequest.newBuilder(server.uri("/v1/images/generations"))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header(
                        "Access-Control-Request-Headers",
                        "authorization,content-type,openai-organization,x-stainless-arch,x-stainless-lang,"
                                + "x-stainless-os,x-stainless-package-version,x-stainless-retry-count,"
                                + "x-stainless-runtime,x-stainless-runtime-version,x-stainless-timeout,x-other")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private static void assertReadableBy(HttpHeaders headers, String origin) {
        assertThat(headers.firstValue("Access-Control-Allow-Origin")).contains(origin);
        assertThat(headers.allValues("Vary")).contains("Origin");
        assertThat(headers.firstValue("Access-Control-Expose-Headers"))
                .hasValueSatisfying(exposed -> assertThat(List.of(exposed.split(", ")))
                        .contains("x-request-id", "x-ratelimit-remaining-requests", "retry-after"));
        assertThat(headers.firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    private static void assertNoCorsHeaders(HttpHeaders headers) {
        assertThat(headers.map().keySet())
                .as("headers")
                .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-"));
    }

    @Test
    void theListedOriginsPreflightIsAnsweredWithoutAKey() {
        HttpResponse<String> answer = preflight(APP);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
        assertThat(answer.body()).isEmpty();
        HttpHeaders headers = answer.headers();
        assertThat(headers.firstValue("Access-Control-Allow-Origin")).contains(APP);
        assertThat(headers.firstValue("Access-Control-Allow-Methods")).contains("GET, POST, DELETE, OPTIONS");
        assertThat(headers.firstValue("Access-Control-Allow-Headers"))
                .contains("authorization, content-type, openai-organization, x-stainless-arch, x-stainless-lang,"
                        + " x-stainless-os, x-stainless-package-version, x-stainless-retry-count,"
                        + " x-stainless-runtime, x-stainless-runtime-version, x-stainless-timeout");
        assertThat(headers.firstValue("Access-Control-Max-Age")).contains("600");
        assertThat(headers.allValues("Vary")).contains("Origin");
        assertThat(headers.firstValue("WWW-Authenticate")).isEmpty();
        assertThat(headers.firstValue("x-request-id")).isPresent();
    }

    @Test
    void theListedOriginsPostWithAKeyIsAnsweredAndReadable() {
        HttpResponse<String> answer = Wire.send(post(APP, KEY, GENERATION).build());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(Wire.json(answer.body()).get("data").size()).isEqualTo(1);
        assertReadableBy(answer.headers(), APP);
        assertThat(answer.headers().firstValue("x-ratelimit-remaining-requests"))
                .isPresent();
    }

    @Test
    void theListedOriginsRefusalsAreReadableToo() {
        HttpResponse<String> none = Wire.send(post(APP, null, GENERATION).build());
        ApiErrors.assertError(none, 401, "invalid_request_error", "invalid_api_key", null);
        assertReadableBy(none.headers(), APP);

        HttpResponse<String> invalid =
                Wire.send(post(APP, KEY, "{\"prompt\": 5}").build());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertReadableBy(invalid.headers(), APP);

        HttpResponse<String> missing = Wire.send(HttpRequest.newBuilder(server.uri("/v1/nothing"))
                .header("Origin", APP)
                .header("Authorization", "Bearer " + KEY)
                .build());
        ApiErrors.assertError(missing, 404, "invalid_request_error", null, null);
        assertReadableBy(missing.headers(), APP);
    }

    @Test
    void aRateLimitIsReadableWithItsRetryAdvice() {
        HttpResponse<String> first =
                Wire.send(post(APP, LIMITED_KEY, GENERATION).build());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

        HttpResponse<String> limited =
                Wire.send(post(APP, LIMITED_KEY, GENERATION).build());

        ApiErrors.assertError(limited, 429, "requests", "rate_limit_exceeded", null);
        assertReadableBy(limited.headers(), APP);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void theListedOriginsStreamIsReadable() {
        HttpResponse<Stream<String>> answer;
        try {
            answer = Wire.HTTP.send(
                    post(APP, STREAM_KEY, GENERATION.replace("}", ", \"stream\": true}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        List<String> lines;
        try (Stream<String> body = answer.body()) {
            lines = body.toList();
        }

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertReadableBy(answer.headers(), APP);
        assertThat(lines).contains("event: image_generation.completed");
    }

    @Test
    void anotherOriginIsRefusedWithoutCorsHeaders() {
        HttpResponse<String> cross =
                Wire.send(post("https://evil.example", KEY, GENERATION).build());
        ApiErrors.assertError(cross, 403, "invalid_request_error", "insufficient_permissions", null);
        assertNoCorsHeaders(cross.headers());

        // A listed host on another port or scheme is another origin.
        for (String other : List.of("https://app.example:8443", "http://app.example", "https://app.example.evil")) {
            HttpResponse<String> answer = Wire.send(post(other, KEY, GENERATION).build());
            assertThat(answer.statusCode()).as(other).isEqualTo(403);
            assertNoCorsHeaders(answer.headers());
        }

        HttpResponse<String> preflight = preflight("https://evil.example");
        assertThat(preflight.statusCode()).isNotEqualTo(204);
        assertNoCorsHeaders(preflight.headers());
    }

    @Test
    void aWildcardIsRefusedWhenTheConfigurationIsRead() {
        for (String value : List.of("*", "https://app.example,*", "https://*.example")) {
            assertThatThrownBy(() -> new ConfigSources(
                                    Optional.empty(), Map.of("EASEL_CORS_ALLOWED_ORIGINS", value), Map.of())
                            .load(warning -> {}))
                    .as(value)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid cors.allowed_origins from EASEL_CORS_ALLOWED_ORIGINS: '")
                    .hasMessageContaining("is not accepted: requests carry API keys");
        }
        assertThatThrownBy(() -> new ConfigSources(
                                Optional.empty(), Map.of("EASEL_CORS_ALLOWED_ORIGINS", "app.example"), Map.of())
                        .load(warning -> {}))
                .hasMessageContaining("entries are origins like https://app.example.com");
    }
}
