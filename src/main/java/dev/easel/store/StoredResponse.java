package dev.easel.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A Response as stored: the OpenAI object as JSON, plus the columns the store indexes. The store does not read
 * {@code json}; keeping the columns and the JSON in agreement is the caller's business.
 *
 * @param createdAt seconds since the epoch
 */
public record StoredResponse(
        String id,
        String status,
        long createdAt,
        Optional<String> previousResponseId,
        boolean background,
        boolean store,
        String json) {
    public StoredResponse {
        Require.text(id, "id");
        Require.text(status, "status");
        Require.nonNegative(createdAt, "createdAt");
        Objects.requireNonNull(previousResponseId, "previousResponseId");
        previousResponseId.ifPresent(p -> Require.text(p, "previousResponseId"));
        Objects.requireNonNull(json, "json");
    }
}
