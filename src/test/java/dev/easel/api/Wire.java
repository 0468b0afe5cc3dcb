package dev.easel.api;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Raw HTTP for the wire tests: java.net.http over HTTP/1.1, bodies as text, JSON parsed leniently. */
final class Wire {
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Wire() {}

    static HttpResponse<String> postJson(TestServer server, String path, String json) {
        return send(HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** {@code method path} with an optional bearer key and an optional JSON body. */
    static HttpResponse<String> call(TestServer server, String method, String path, String key, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(b.build());
    }

    static HttpResponse<String> postMultipart(TestServer server, String path, Multipart form) {
        return send(HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", form.contentType())
                .POST(form.publisher())
                .build());
    }

    static HttpResponse<String> get(TestServer server, String path) {
        return send(HttpRequest.newBuilder(server.uri(path)).GET().build());
    }

    static HttpResponse<byte[]> getBytes(String url) {
        HttpRequest request =
                HttpRequest.newBuilder(java.net.URI.create(url)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError("HTTP GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("HTTP " + request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
