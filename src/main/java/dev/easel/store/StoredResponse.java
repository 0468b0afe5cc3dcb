package dev.easel.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A Response as stored: the OpenAI object as JSON, plus the columns the store indexes. The store does not read
 * {@code json}; keeping the columns and the JSON in agreement is the caller's business.
 *
 * @param createdAt seconds since the epoch
 * @param owner the id of the API key that made it; empty on a server without keys
 */
public record StoredResponse(
        String id,
        String status,
        long createdAt,
        Optional<String> previousResponseId,
        boolean background,
        boolean store,
        String json,
        String owner) {
    public StoredResponse {
        Objects.requireNonNull(owner, "owner");
        Require.text(id, "id");
        Require.text(status, "status");
        Require.nonNegative(createdAt, "createdAt");
        Objects.requireNonNull(previousResponseId, "previousResponseId");
        previousResponseId.ifPresent(p -> Require.text(p, "previousResponseId"));
        Objects.requireNonNull(json, "json");
    }

    /** A response of the server without keys (owner ""). */
    public StoredResponse(
            String id,
            String status,
            long createdAt,
            Optional<String> previousResponseId,
            boolean background,
            boolean store,
            String json) {
        this(id, status, createdAt, previousResponseId, background, store, json, "");
    }
}
