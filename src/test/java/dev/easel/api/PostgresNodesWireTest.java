package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.store.PostgresServer;
import dev.easel.store.S3rverServer;
import dev.easel.store.Storage;
import dev.easel.store.StoredResponse;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Two API nodes on one PostgreSQL database (a real server from Debian's package) and one S3-protocol bucket (npm
 * s3rver), each with a data folder of its own: what one makes, the other serves, streams, lists, edits from its
 * exact latents and deletes; a response whose node died is ended by
 * the node that is left.
 */
class PostgresNodesWireTest {
    static final String DATABASE = PostgresServer.shared().newDatabase();
    static final S3rverServer s3 = S3rverServer.start();
    static final Map<String, String> SHARED = Map.of(
            "store.postgres_url",
            DATABASE,
            "store.postgres_pool_size",
            "4",
            "blobs.s3_bucket",
            S3rverServer.BUCKET,
            "blobs.s3_endpoint",
            s3.endpoint(),
            "blobs.s3_path_style",
            "true",
            "blobs.s3_prefix",
            "nodes-" + java.util.UUID.randomUUID() + "/",
            "blobs.s3_access_key_id",
            "S3RVER",
            "blobs.s3_secret_access_key",
            "S3RVER");

    @RegisterExtension
    static final TestServer a = TestServer.with(SHARED);

    @RegisterExtension
    static final TestServer b = TestServer.with(SHARED);

    @Test
    void aResponseMadeOnOneNodeIsServedStreamedListedAndDeletedByTheOther() {
        ResponseStream made = ResponseStream.post(a, """
                {"model": "gpt-4.1", "input": "a red square", "stream": true,
                 "tools": [{"type": "image_generation", "size": "64x64", "partial_images": 1}]}""");
        assertThat(made.types()).last().isEqualTo("response.completed");
        String id = Wire.json(made.frames().getFirst().data())
                .path("response")
                .path("id")
                .asString();

        HttpResponse<String> onB = Wire.get(b, "/v1/responses/" + id);
        assertThat(onB.statusCode()).isEqualTo(200);
        assertThat(Wire.json(onB.body()))
                .isEqualTo(Wire.json(Wire.get(a, "/v1/responses/" + id).body()));
        assertThat(ResponseStream.get(b, "/v1/responses/" + id + "?stream=true").body())
                .isEqualTo(made.body());
        assertThat(Wire.json(Wire.get(b, "/v1/responses?limit=100").body())
                        .path("data")
                        .findValuesAsString("id"))
                .contains(id);

        assertThat(Wire.call(b, "DELETE", "/v1/responses/" + id, null, null).statusCode())
                .isEqualTo(200);
        assertThat(Wire.get(a, "/v1/responses/" + id).statusCode()).isEqualTo(404);
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void anImageMadeOnOneNodeIsEditedOnTheOtherFromItsExactLatents() {
        HttpResponse<String> made = Wire.postJson(a, "/v1/responses", """
                {"model": "gpt-4.1", "input": "a red barn",
                 "tools": [{"type": "image_generation", "size": "64x64"}]}""");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        String id = Wire.json(made.body()).path("id").asString();

        HttpResponse<String> edited = Wire.postJson(b, "/v1/responses", """
                {"model": "gpt-4.1", "input": "make it blue", "previous_response_id": "%s",
                 "tools": [{"type": "image_generation", "size": "64x64"}]}""".formatted(id));
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        JsonNode response = Wire.json(edited.body());
        assertThat(response.at("/output/0/action").asString()).isEqualTo("edit");
        assertThat(response.at("/usage/input_tokens_details/cached_tokens").asInt())
                .as("the source's latents came from the bucket, not from encoding its pixels again")
                .isPositive();
    }

    @Test
    void aBackgroundResponseRunningOnOneNodeIsFollowedToItsEndOnTheOther() {
        HttpResponse<String> started = Wire.postJson(a, "/v1/responses", """
                {"model": "gpt-4.1", "input": "a blue circle", "background": true,
                 "tools": [{"type": "image_generation", "size": "64x64", "partial_images": 2}]}""");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String id = Wire.json(started.body()).path("id").asString();
        ResponseStream followed = ResponseStream.get(b, "/v1/responses/" + id + "?stream=true");
        assertThat(followed.types()).first().isEqualTo("response.created");
        assertThat(followed.types()).last().isEqualTo("response.completed");
        assertThat(followed.body())
                .isEqualTo(ResponseStream.get(a, "/v1/responses/" + id + "?stream=true")
                        .body());
    }

    @Test
    void aResponseWhoseNodeDiedIsEndedByTheNodeThatIsLeft() {
        leftByADeadNode("resp_orphan", "in_progress", List.of("response.created"));
        // A follower on node b waits, then sees the end another node writes.
        ResponseStream followed = ResponseStream.get(b, "/v1/responses/resp_orphan?stream=true");
        assertThat(followed.types()).containsExactly("response.created", "response.failed");
        JsonNode failed = Wire.json(Wire.get(a, "/v1/responses/resp_orphan").body());
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("error").path("message").asString()).contains("stopped or restarted");
    }

    @Test
    void aResponseWhoseNodeDiedAfterStoringItsEndButBeforeStreamingItGetsItsStreamEnded() {
        leftByADeadNode("resp_unended", "completed", List.of("response.created", "response.in_progress"));
        ResponseStream followed = ResponseStream.get(b, "/v1/responses/resp_unended?stream=true");
        assertThat(followed.types()).containsExactly("response.created", "response.in_progress", "response.completed");
        assertThat(Wire.json(followed.frames().getLast().data())
                        .at("/response/status")
                        .asString())
                .isEqualTo("completed");
    }

    /**
     * A stored response in {@code status}, its log holding {@code events}, held by a node whose last heartbeat
     * is five minutes old (one of its own: {@code node_<id>}).
     */
    private static void leftByADeadNode(String id, String status, List<String> events) {
        try (Storage direct = Storage.openPostgres(DATABASE, PostgresServer.USER, Optional.empty(), 1)) {
            long longAgo = System.currentTimeMillis() - Duration.ofMinutes(5).toMillis();
            String node = "node_" + id;
            direct.nodes().beat(node, "a host that died", "all", longAgo, longAgo);
            direct.nodes().claim(id, node);
            direct.responses()
                    .insert(new StoredResponse(
                            id,
                            status,
                            100,
                            Optional.empty(),
                            true,
                            true,
                            "{\"id\":\"" + id + "\",\"object\":\"response\",\"status\":\"" + status
                                    + "\",\"error\":null}"));
            for (String type : events) {
                direct.events().append(id, type, seq -> "{\"type\":\"" + type + "\",\"sequence_number\":" + seq + "}");
            }
        }
    }
}
