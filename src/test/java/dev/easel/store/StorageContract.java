package dev.easel.store;

import static dev.easel.store.ItemRole.INPUT;
import static dev.easel.store.ItemRole.OUTPUT;
import static dev.easel.store.Order.ASC;
import static dev.easel.store.Order.DESC;
import static dev.easel.store.StoreFixtures.WAIT;
import static dev.easel.store.StoreFixtures.drain;
import static dev.easel.store.StoreFixtures.event;
import static dev.easel.store.StoreFixtures.file;
import static dev.easel.store.StoreFixtures.ids;
import static dev.easel.store.StoreFixtures.item;
import static dev.easel.store.StoreFixtures.response;
import static dev.easel.store.StoreFixtures.upTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} implementation shares: the repositories here, the event log in
 * {@link EventLogContract}. An implementation's test extends the latter and says how to open its store.
 */
abstract class StorageContract {
    protected Storage storage;

    /** Opens the implementation on this test's database; opening it again sees the same data. */
    protected abstract Storage open();

    @BeforeEach
    void start() {
        storage = open();
    }

    @AfterEach
    void stop() {
        storage.close();
    }

    void reopen() {
        storage.close();
        storage = open();
    }

    @Test
    void responsesAreInsertedFoundAndUpdated() {
        ResponseRepository responses = storage.responses();
        StoredResponse queued = new StoredResponse(
                "resp_1", "queued", 100, Optional.of("resp_0"), true, false, "{\"status\":\"queued\"}");
        responses.insert(queued);
        assertThat(responses.find("resp_1")).contains(queued);
        assertThat(responses.find("resp_2")).isEmpty();

        responses.update(new StoredResponse("resp_1", "completed", 999, Optional.empty(), false, true, "{}"));
        assertThat(responses.find("resp_1"))
                .contains(new StoredResponse("resp_1", "completed", 100, Optional.of("resp_0"), true, false, "{}"));
    }

    @Test
    void anOwnersStoredBytesAreItsFilesAndItsResponsesWithTheirItemsAndEvents() {
        ResponseRepository responses = storage.responses();
        String json = "{\"status\":\"completed\"}";
        responses.insert(new StoredResponse("resp_a", "in_progress", 1, Optional.empty(), false, true, "{}", "alice"));
        responses.insert(new StoredResponse("resp_b", "completed", 1, Optional.empty(), false, true, "{}", "bob"));
        StoredItem item = StoreFixtures.item("msg_a", "resp_a", ItemRole.OUTPUT, 0);
        storage.items().insert(item);
        String event = storage.events()
                .append("resp_a", "response.created", StoreFixtures.event("response.created"))
                .json();
        assertThat(responses.storedBytes("alice"))
                .as("counted when the status changes")
                .isZero();

        responses.update(new StoredResponse("resp_a", "completed", 1, Optional.empty(), false, true, json, "alice"));
        long response = json.length() + item.json().length() + event.length();
        assertThat(responses.storedBytes("alice")).isEqualTo(response);
        assertThat(responses.storedBytes("carol")).isZero();

        storage.files().insert(new StoredFile("file_a", "a.png", "vision", 1234, 1, "blob_a.png", "alice"));
        assertThat(storage.files().storedBytes("alice")).isEqualTo(1234);
        assertThat(storage.files().storedBytes("bob")).isZero();
        responses.delete("resp_a");
        assertThat(responses.storedBytes("alice")).isZero();
    }

    @Test
    void responseIdsAreUniqueAndUpdatesNeedAResponse() {
        storage.responses().insert(response("resp_1", "queued", 1));
        assertThatThrownBy(() -> storage.responses().insert(response("resp_1", "completed", 2)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> storage.responses().update(response("resp_2", "completed", 2)))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(storage.responses().find("resp_1").orElseThrow().status()).isEqualTo("queued");
    }

    @Test
    void childrenAreTheBranchesFromAResponse() {
        ResponseRepository responses = storage.responses();
        responses.insert(new StoredResponse("resp_root", "completed", 1, Optional.empty(), false, true, "{}"));
        responses.insert(new StoredResponse("resp_b", "completed", 3, Optional.of("resp_root"), false, true, "{}"));
        responses.insert(new StoredResponse("resp_a", "completed", 2, Optional.of("resp_root"), false, true, "{}"));
        responses.insert(new StoredResponse("resp_c", "completed", 4, Optional.of("resp_a"), false, true, "{}"));
        assertThat(responses.children("resp_root"))
                .extracting(StoredResponse::id)
                .containsExactly("resp_a", "resp_b");
        assertThat(responses.children("resp_a")).extracting(StoredResponse::id).containsExactly("resp_c");
        assertThat(responses.children("resp_c")).isEmpty();
    }

    @Test
    void unfinishedResponsesAreQueuedOrInProgress() {
        String[] statuses = {"completed", "in_progress", "failed", "queued", "cancelled", "incomplete"};
        for (int i = 0; i < statuses.length; i++) {
            storage.responses().insert(response("resp_" + statuses[i], statuses[i], 100 + i));
        }
        assertThat(storage.responses().unfinished())
                .extracting(StoredResponse::id)
                .containsExactly("resp_in_progress", "resp_queued");
    }

    @Test
    void deletingAResponseDeletesItsItemsAndEventsAndEndsItsLog() throws InterruptedException {
        for (String id : List.of("resp_a", "resp_b")) {
            storage.responses().insert(response(id, "in_progress", 1));
            storage.items().insert(item(id + "_in", id, INPUT, 0));
            storage.items().insert(item(id + "_out", id, OUTPUT, 0));
            storage.events().append(id, "response.created", event("response.created"));
            storage.events().append(id, "response.in_progress", event("response.in_progress"));
        }
        try (EventCursor follower = storage.events().follow("resp_a", 1)) {
            assertThat(storage.responses().delete("resp_a")).isTrue();
            assertThat(drain(follower)).isEmpty();
        }
        assertThat(storage.responses().find("resp_a")).isEmpty();
        assertThat(storage.items().items("resp_a", INPUT)).isEmpty();
        assertThat(storage.items().items("resp_a", OUTPUT)).isEmpty();
        assertThat(storage.items().find("resp_a_out")).isEmpty();
        assertThat(storage.events().after("resp_a", -1)).isEmpty();
        assertThatThrownBy(() -> storage.events().append("resp_a", "late", event("late")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(storage.responses().delete("resp_a")).isFalse();

        assertThat(storage.responses().find("resp_b")).isPresent();
        assertThat(storage.items().items("resp_b", OUTPUT))
                .extracting(StoredItem::id)
                .containsExactly("resp_b_out");
        assertThat(storage.events().after("resp_b", -1)).hasSize(2);
    }

    @Test
    void itemsAreListedByRoleAndPositionAndFoundById() {
        ItemRepository items = storage.items();
        items.insert(item("msg_2", "resp_1", INPUT, 1));
        items.insert(item("ig_1", "resp_1", OUTPUT, 0));
        items.insert(item("msg_1", "resp_1", INPUT, 0));
        items.insert(item("msg_3", "resp_2", INPUT, 0));
        assertThat(items.items("resp_1", INPUT)).extracting(StoredItem::id).containsExactly("msg_1", "msg_2");
        assertThat(items.items("resp_1", OUTPUT)).extracting(StoredItem::id).containsExactly("ig_1");
        assertThat(items.items("resp_3", INPUT)).isEmpty();
        assertThat(items.find("msg_3")).contains(item("msg_3", "resp_2", INPUT, 0));
        assertThat(items.find("msg_4")).isEmpty();
        assertThatThrownBy(() -> items.insert(item("msg_1", "resp_1", INPUT, 5)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void upsertInsertsThenReplaces() {
        ItemRepository items = storage.items();
        items.upsert(
                new StoredItem("ig_1", "resp_1", OUTPUT, 0, "image_generation_call", "{\"status\":\"generating\"}"));
        StoredItem done =
                new StoredItem("ig_1", "resp_1", OUTPUT, 0, "image_generation_call", "{\"status\":\"completed\"}");
        items.upsert(done);
        assertThat(items.items("resp_1", OUTPUT)).containsExactly(done);
    }

    /** Five input items msg_1..msg_5 of resp_1, amid items that must stay out of its listing. */
    private void fiveInputItems() {
        for (int i = 5; i >= 1; i--) {
            storage.items().insert(item("msg_" + i, "resp_1", INPUT, i - 1));
        }
        storage.items().insert(item("out_1", "resp_1", OUTPUT, 0));
        storage.items().insert(item("other_1", "resp_2", INPUT, 0));
    }

    private Page<StoredItem> inputPage(Optional<String> after, Optional<String> before, int limit, Order order) {
        return storage.items().page("resp_1", INPUT, after, before, limit, order);
    }

    @Test
    void itemPagesFollowAfterCursorsInAscendingOrder() {
        fiveInputItems();
        Page<StoredItem> first = inputPage(Optional.empty(), Optional.empty(), 2, ASC);
        assertThat(ids(first)).containsExactly("msg_1", "msg_2");
        assertThat(first.hasMore()).isTrue();
        Page<StoredItem> second = inputPage(Optional.of("msg_2"), Optional.empty(), 2, ASC);
        assertThat(ids(second)).containsExactly("msg_3", "msg_4");
        assertThat(second.hasMore()).isTrue();
        Page<StoredItem> last = inputPage(Optional.of("msg_4"), Optional.empty(), 2, ASC);
        assertThat(ids(last)).containsExactly("msg_5");
        assertThat(last.hasMore()).isFalse();
        assertThat(inputPage(Optional.of("msg_5"), Optional.empty(), 2, ASC)).isEqualTo(new Page<>(List.of(), false));
        assertThat(inputPage(Optional.empty(), Optional.empty(), 5, ASC).hasMore())
                .isFalse();
        assertThat(inputPage(Optional.empty(), Optional.empty(), 4, ASC).hasMore())
                .isTrue();
        assertThat(ids(inputPage(Optional.empty(), Optional.empty(), 100, ASC))).hasSize(5);
    }

    @Test
    void itemPagesFollowAfterCursorsInDescendingOrder() {
        fiveInputItems();
        Page<StoredItem> first = inputPage(Optional.empty(), Optional.empty(), 2, DESC);
        assertThat(ids(first)).containsExactly("msg_5", "msg_4");
        assertThat(first.hasMore()).isTrue();
        Page<StoredItem> second = inputPage(Optional.of("msg_4"), Optional.empty(), 2, DESC);
        assertThat(ids(second)).containsExactly("msg_3", "msg_2");
        assertThat(second.hasMore()).isTrue();
        Page<StoredItem> last = inputPage(Optional.of("msg_2"), Optional.empty(), 2, DESC);
        assertThat(ids(last)).containsExactly("msg_1");
        assertThat(last.hasMore()).isFalse();
    }

    @Test
    void beforeCursorsGiveThePageJustBefore() {
        fiveInputItems();
        Page<StoredItem> ascending = inputPage(Optional.empty(), Optional.of("msg_5"), 2, ASC);
        assertThat(ids(ascending)).containsExactly("msg_3", "msg_4");
        assertThat(ascending.hasMore()).isTrue();
        Page<StoredItem> ascendingFirst = inputPage(Optional.empty(), Optional.of("msg_3"), 2, ASC);
        assertThat(ids(ascendingFirst)).containsExactly("msg_1", "msg_2");
        assertThat(ascendingFirst.hasMore()).isFalse();
        Page<StoredItem> descending = inputPage(Optional.empty(), Optional.of("msg_1"), 2, DESC);
        assertThat(ids(descending)).containsExactly("msg_3", "msg_2");
        assertThat(descending.hasMore()).isTrue();
        assertThat(ids(inputPage(Optional.empty(), Optional.of("msg_3"), 2, DESC)))
                .containsExactly("msg_5", "msg_4");
        Page<StoredItem> between = inputPage(Optional.of("msg_1"), Optional.of("msg_5"), 10, ASC);
        assertThat(ids(between)).containsExactly("msg_2", "msg_3", "msg_4");
        assertThat(between.hasMore()).isFalse();
    }

    @Test
    void badPageRequestsAreRejected() {
        fiveInputItems();
        for (int limit : new int[] {0, 101, -1}) {
            assertThatThrownBy(() -> inputPage(Optional.empty(), Optional.empty(), limit, ASC))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> inputPage(Optional.empty(), Optional.empty(), 2, null))
                .isInstanceOf(IllegalArgumentException.class);
        for (String cursor : List.of("msg_9", "out_1", "other_1")) {
            assertThatThrownBy(() -> inputPage(Optional.of(cursor), Optional.empty(), 2, ASC))
                    .isInstanceOfSatisfying(
                            UnknownCursorException.class,
                            e -> assertThat(e.cursor()).isEqualTo("after"));
            assertThatThrownBy(() -> inputPage(Optional.empty(), Optional.of(cursor), 2, ASC))
                    .isInstanceOfSatisfying(
                            UnknownCursorException.class,
                            e -> assertThat(e.cursor()).isEqualTo("before"));
        }
    }

    @Test
    void filesAreInsertedFoundAndDeleted() {
        StoredFile mask = file("file-1", "vision", 10);
        storage.files().insert(mask);
        assertThat(storage.files().find("file-1")).contains(mask);
        assertThatThrownBy(() -> storage.files().insert(file("file-1", "user_data", 20)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(storage.files().delete("file-1")).isTrue();
        assertThat(storage.files().delete("file-1")).isFalse();
        assertThat(storage.files().find("file-1")).isEmpty();
    }

    @Test
    void filesAreListedByCreationThenInsertionWithPurposeAndCursor() {
        storage.files().insert(file("file-c", "vision", 20));
        storage.files().insert(file("file-a", "vision", 10));
        storage.files().insert(file("file-d", "vision", 30));
        storage.files().insert(file("file-b", "user_data", 20));
        FileRepository files = storage.files();
        // file-c and file-b have the same second: the order they were uploaded in, not their ids'.
        assertThat(ids(files.list(Optional.empty(), Optional.empty(), Optional.empty(), 10, ASC)))
                .containsExactly("file-a", "file-c", "file-b", "file-d");
        assertThat(ids(files.list(Optional.empty(), Optional.empty(), Optional.empty(), 10, DESC)))
                .containsExactly("file-d", "file-b", "file-c", "file-a");
        assertThat(ids(files.list(Optional.empty(), Optional.of("vision"), Optional.empty(), 10, ASC)))
                .containsExactly("file-a", "file-c", "file-d");
        Page<StoredFile> first = files.list(Optional.empty(), Optional.empty(), Optional.empty(), 2, ASC);
        assertThat(ids(first)).containsExactly("file-a", "file-c");
        assertThat(first.hasMore()).isTrue();
        Page<StoredFile> second = files.list(Optional.empty(), Optional.empty(), Optional.of("file-c"), 2, ASC);
        assertThat(ids(second)).containsExactly("file-b", "file-d");
        assertThat(second.hasMore()).isFalse();
        assertThat(ids(files.list(Optional.empty(), Optional.of("vision"), Optional.of("file-c"), 2, DESC)))
                .containsExactly("file-a");
        assertThatThrownBy(() -> files.list(Optional.empty(), Optional.empty(), Optional.empty(), 0, ASC))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.list(Optional.empty(), Optional.empty(), Optional.of("file-z"), 2, ASC))
                .isInstanceOfSatisfying(
                        UnknownCursorException.class, e -> assertThat(e.id()).isEqualTo("file-z"));
        assertThatThrownBy(() -> files.list(Optional.of("key_other"), Optional.empty(), Optional.of("file-b"), 2, ASC))
                .as("another owner's file is no cursor")
                .isInstanceOf(UnknownCursorException.class);
        assertThatThrownBy(() -> files.list(Optional.empty(), Optional.empty(), Optional.empty(), 2, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everythingSurvivesReopening() throws InterruptedException {
        StoredResponse queued = new StoredResponse("resp_1", "queued", 5, Optional.of("resp_0"), true, true, "{}");
        storage.responses().insert(queued);
        storage.items().insert(item("msg_1", "resp_1", INPUT, 0));
        storage.files().insert(file("file-1", "vision", 7));
        for (int i = 0; i < 3; i++) {
            storage.events().append("resp_done", "e", event("e"));
            storage.events().append("resp_open", "e", event("e"));
        }
        storage.events().finish("resp_done");
        reopen();

        assertThat(storage.responses().find("resp_1")).contains(queued);
        assertThat(storage.responses().unfinished()).containsExactly(queued);
        assertThat(storage.items().find("msg_1")).contains(item("msg_1", "resp_1", INPUT, 0));
        assertThat(storage.files().find("file-1")).contains(file("file-1", "vision", 7));
        try (EventCursor done = storage.events().follow("resp_done", -1)) {
            assertThat(drain(done)).isEqualTo(upTo(3));
        }
        assertThatThrownBy(() -> storage.events().append("resp_done", "e", event("e")))
                .isInstanceOf(IllegalStateException.class);
        try (EventCursor open = storage.events().follow("resp_open", 0)) {
            assertThat(open.next(WAIT).orElseThrow().sequenceNumber()).isEqualTo(1);
            assertThat(open.next(WAIT).orElseThrow().sequenceNumber()).isEqualTo(2);
            assertThat(open.next(Duration.ofMillis(50))).isEmpty();
            assertThat(open.isFinished()).isFalse();
            assertThat(storage.events().append("resp_open", "e", event("e")).sequenceNumber())
                    .isEqualTo(3);
            storage.events().finish("resp_open");
            assertThat(drain(open)).containsExactly(3L);
        }
    }
}
