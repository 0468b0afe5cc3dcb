package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.store.StoredResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A page of {@code GET /v1/responses} holds responses up to its size in characters, and always one. */
class ResponseListPageTest {
    private static StoredResponse sized(int chars) {
        String json = "{\"x\":\"" + "a".repeat(chars - 8) + "\"}";
        return new StoredResponse("resp_" + chars, "completed", 0, Optional.empty(), false, true, json, "");
    }

    @Test
    void aPageStopsBeforeTheResponseThatWouldPassTheLimit() {
        List<StoredResponse> responses = List.of(sized(40), sized(50), sized(60));
        assertThat(ResponsesRoutes.fitting(responses, 1000)).isEqualTo(3);
        assertThat(ResponsesRoutes.fitting(responses, 150)).isEqualTo(3);
        assertThat(ResponsesRoutes.fitting(responses, 149)).isEqualTo(2);
        assertThat(ResponsesRoutes.fitting(responses, 90)).isEqualTo(2);
        assertThat(ResponsesRoutes.fitting(responses, 89)).isEqualTo(1);
        assertThat(ResponsesRoutes.fitting(responses, 1))
                .as("one, however large")
                .isEqualTo(1);
        assertThat(ResponsesRoutes.fitting(List.of(), 1)).isZero();
    }
}
