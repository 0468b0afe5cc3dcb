package dev.easel.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.json.Wire;
import dev.easel.store.EventCursor;
import dev.easel.store.Storage;
import dev.easel.store.StoredResponse;
import dev.easel.wire.Ids;
import dev.easel.wire.ToolChoice;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A response whose run cannot be started after it was stored (here: the service is closing, so its
 * executor refuses the run) is marked failed and its log finished: it is not left in progress, and
 * a stream of it ends. Only the parts a text-only turn with the direct planner uses are given; the
 * image, MCP and fetching parts are never reached by it.
 */
class RunStartFailureTest {
    @Test
    void aRunThatCannotStartLeavesTheResponseFailedAndItsStreamEnded() throws Exception {
        Path dir = Files.createTempDirectory("easel-start-failure");
        try (Storage storage = Storage.openSqlite(dir)) {
            ResponsesService service = new ResponsesService(new ResponsesService.Parts(
                    storage.responses(),
                    storage.items(),
                    storage.events(),
                    null,
                    null,
                    new Planners(Optional.empty(), HttpClient.newHttpClient()),
                    new NoImages(),
                    null,
                    Optional.empty(),
                    Optional.empty(),
                    1_000_000,
                    Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC),
                    new Ids(new Random(7)),
                    new Membership(storage.nodes(), "node_1", "test", "all", Clock.systemUTC(), false)));
            service.close();
            InputItems.Parsed input = InputItems.parse(Wire.MAPPER.readTree("\"hello\""));
            CreateResponse request = new CreateResponse(
                    "direct",
                    input.items(),
                    input.stored(),
                    Optional.empty(),
                    List.of(),
                    new ToolChoice.Auto(),
                    true,
                    true,
                    true,
                    Optional.empty(),
                    Optional.empty(),
                    Set.of(),
                    Wire.object());

            assertThatThrownBy(() -> service.create(request, dev.easel.auth.Caller.OPEN))
                    .isInstanceOf(RejectedExecutionException.class);

            List<StoredResponse> unfinished = storage.responses().unfinished();
            assertThat(unfinished).as("responses left queued or in progress").isEmpty();
            String id = onlyResponseId(dir);
            assertThat(storage.responses().find(id).orElseThrow().status()).isEqualTo("failed");
            try (EventCursor cursor = storage.events().follow(id, -1)) {
                String last = "";
                for (var event = cursor.next(Duration.ofSeconds(5));
                        event.isPresent();
                        event = cursor.next(Duration.ofSeconds(5))) {
                    last = event.get().type();
                }
                assertThat(cursor.isFinished()).as("the log is finished").isTrue();
                assertThat(last).isEqualTo("response.failed");
            }
        }
    }

    /** The one stored response's id, read from the database (the service does not list responses). */
    private static String onlyResponseId(Path dir) throws java.sql.SQLException {
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("easel.db"));
                var rows = db.createStatement().executeQuery("SELECT id FROM responses")) {
            assertThat(rows.next()).as("a stored response").isTrue();
            String id = rows.getString(1);
            assertThat(rows.next()).as("only one").isFalse();
            return id;
        }
    }

    /** The request has no input images: a fetcher that is never asked. */
    private static final class NoImages implements dev.easel.images.ImageFetcher {
        @Override
        public byte[] fetch(dev.easel.wire.ContentPart.ImageSource source, String param) {
            throw new AssertionError("no image was expected");
        }

        @Override
        public dev.easel.images.ImageFetcher as(dev.easel.auth.Caller caller) {
            return this;
        }
    }
}
