package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.Config;
import dev.easel.Easel;
import dev.easel.engine.TestModels;
import dev.easel.engine.synth.SyntheticModel;
import dev.easel.store.Storage;
import dev.easel.store.StoredResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A process that died mid-run (no graceful shutdown) leaves responses in progress in the store;
 * the next start marks them failed with an explanation and ends their streams.
 */
class CrashRecoveryTest {

    @Test
    void responsesLeftRunningByACrashAreFailedAtTheNextStart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (Storage storage = Storage.openSqlite(data)) {
            storage.responses()
                    .insert(
                            new StoredResponse(
                                    "resp_crashed",
                                    "in_progress",
                                    100,
                                    Optional.empty(),
                                    true,
                                    true,
                                    "{\"id\":\"resp_crashed\",\"object\":\"response\",\"status\":\"in_progress\",\"error\":null}"));
            // A store: false response the crash left behind (its request never got to delete it).
            storage.responses()
                    .insert(new StoredResponse(
                            "resp_unstored",
                            "completed",
                            101,
                            Optional.empty(),
                            false,
                            false,
                            "{\"id\":\"resp_unstored\",\"object\":\"response\",\"status\":\"completed\"}"));
            storage.events()
                    .append(
                            "resp_crashed",
                            "response.created",
                            seq -> "{\"type\":\"response.created\",\"sequence_number\":" + seq + "}");
        }
        Path models = TestModels.folder(SyntheticModel.Shape.TINY).getParent();
        Config config = Config.defaults()
                .with(Map.of(
                        "port",
                        "0",
                        "host",
                        "127.0.0.1",
                        "models_dir",
                        models.toString(),
                        "default_model",
                        "tiny",
                        "data_dir",
                        data.toString()));
        try (Easel easel = Easel.start(config)) {
            String base = "http://127.0.0.1:" + easel.port() + "/v1/responses/resp_crashed";
            HttpResponse<String> got =
                    Wire.send(HttpRequest.newBuilder(URI.create(base)).GET().build());
            assertThat(got.statusCode()).isEqualTo(200);
            JsonNode body = Wire.json(got.body());
            assertThat(body.get("status").asString()).isEqualTo("failed");
            assertThat(body.get("error").get("code").asString()).isEqualTo("server_error");
            assertThat(body.get("error").get("message").asString()).contains("restarted");

            HttpResponse<String> replay = Wire.send(HttpRequest.newBuilder(URI.create(base + "?stream=true"))
                    .GET()
                    .build());
            assertThat(replay.body()).contains("event: response.created").contains("event: response.failed");
            assertThat(replay.body().indexOf("response.created"))
                    .isLessThan(replay.body().indexOf("response.failed"));

            HttpResponse<String> unstored =
                    Wire.send(HttpRequest.newBuilder(URI.create(base.replace("resp_crashed", "resp_unstored")))
                            .GET()
                            .build());
            assertThat(unstored.statusCode())
                    .as("a store: false response after a crash")
                    .isEqualTo(404);
            assertThat(java.nio.file.Files.getPosixFilePermissions(data))
                    .as("the data folder is its user's only")
                    .containsExactlyInAnyOrder(
                            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                            java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
        }
    }
}
