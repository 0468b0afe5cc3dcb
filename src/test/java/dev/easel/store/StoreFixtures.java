package dev.easel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/** Values for the storage contract tests. */
final class StoreFixtures {
    /** The longest any test waits for something that should happen. */
    static final Duration WAIT = Duration.ofSeconds(2);

    private StoreFixtures() {}

    static StoredResponse response(String id, String status, long createdAt) {
        return new StoredResponse(
                id,
                status,
                createdAt,
                Optional.empty(),
                false,
                true,
                "{\"id\":\"" + id + "\",\"status\":\"" + status + "\"}");
    }

    static StoredItem item(String id, String responseId, ItemRole role, int position) {
        return new StoredItem(id, responseId, role, position, "message", "{\"id\":\"" + id + "\"}");
    }

    static StoredFile file(String id, String purpose, long createdAt) {
        return new StoredFile(id, id + ".png", purpose, 100, createdAt, "file_" + id + ".png");
    }

    /** Renders an event that embeds its sequence number, as the business layer does. */
    static LongFunction<String> event(String type) {
        return seq -> "{\"type\":\"" + type + "\",\"sequence_number\":" + seq + "}";
    }

    static List<String> ids(Page<?> page) {
        return page.data().stream()
                .map(o -> switch (o) {
                    case StoredItem i -> i.id();
                    case StoredFile f -> f.id();
                    default -> throw new IllegalArgumentException(o.toString());
                })
                .toList();
    }

    /** The sequence numbers a cursor returns until its log ends; fails if it waits {@link #WAIT} in vain. */
    static List<Long> drain(EventCursor cursor) throws InterruptedException {
        List<Long> seqs = new ArrayList<>();
        while (true) {
            Optional<StoredEvent> next = cursor.next(WAIT);
            if (next.isEmpty()) {
                assertThat(cursor.isFinished())
                        .as("the log ended (rather than the wait timing out)")
                        .isTrue();
                return seqs;
            }
            assertThat(next.get().json())
                    .contains("\"sequence_number\":" + next.get().sequenceNumber() + "}");
            seqs.add(next.get().sequenceNumber());
        }
    }

    /** 0, 1, ..., n - 1. */
    static List<Long> upTo(long n) {
        List<Long> seqs = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            seqs.add(i);
        }
        return seqs;
    }
}
