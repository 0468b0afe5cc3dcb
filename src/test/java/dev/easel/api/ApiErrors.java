package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Checks of OpenAI's error object, and of what every response carries. */
final class ApiErrors {
    private ApiErrors() {}

    /** Every response: a request id, and no Java internals in the body. */
    static void assertWellBehaved(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("x-request-id"))
                .as("x-request-id header")
                .hasValueSatisfying(id -> assertThat(id).matches("req_[0-9a-f]{24}"));
        assertThat(response.body())
                .as("response body")
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("\\tat ");
    }

    /** Asserts status and the error's type, code and param (null where OpenAI sends null); returns the error. */
    static JsonNode assertError(HttpResponse<String> response, int status, String type, String code, String param) {
        assertWellBehaved(response);
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type"))
                .as("content-type")
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode root = Wire.json(response.body());
        assertThat(Set.copyOf(root.propertyNames())).isEqualTo(Set.of("error"));
        JsonNode error = root.get("error");
        assertThat(Set.copyOf(error.propertyNames())).isEqualTo(Set.of("message", "type", "param", "code"));
        assertThat(error.get("message").asString()).isNotBlank();
        assertThat(error.get("type").asString()).as("error.type").isEqualTo(type);
        assertThat(text(error.get("code"))).as("error.code").isEqualTo(code);
        assertThat(text(error.get("param"))).as("error.param").isEqualTo(param);
        return error;
    }

    private static String text(JsonNode node) {
        return node.isNull() ? null : node.asString();
    }
}
