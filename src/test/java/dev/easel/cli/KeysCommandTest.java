package dev.easel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.auth.ApiKeys;
import dev.easel.auth.Scope;
import dev.easel.store.Storage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code easel keys create|list|revoke} on a data folder: the key is printed once and only its hash is stored. */
class KeysCommandTest {
    @TempDir
    Path dir;

    private String run(String... args) {
        StringWriter out = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int code = cli.execute(args);
        return code + "\n" + out;
    }

    @Test
    void aCreatedKeyAuthenticatesUntilRevokedAndIsNeverStored() throws Exception {
        String data = dir.resolve("data").toString();
        String created = run("keys", "--data", data, "create", "--name", "ci robot", "--scope", "admin");
        assertThat(created).startsWith("0\n");
        String key = created.lines().skip(1).findFirst().orElseThrow();
        assertThat(key).startsWith("sk-easel-").hasSize("sk-easel-".length() + 43);
        String id = created.replaceAll("(?s).*# (key_[0-9a-f]+) .*", "$1");

        String listed = run("keys", "--data", data, "list");
        assertThat(listed)
                .contains(id)
                .contains("admin")
                .contains("ci robot")
                .contains(key.substring(key.length() - 4));
        assertThat(listed).doesNotContain(key);
        for (Path file : Files.list(dir.resolve("data")).toList()) {
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                    .doesNotContain(key);
        }

        try (Storage storage = Storage.openSqlite(dir.resolve("data"))) {
            ApiKeys keys = ApiKeys.of(List.of(), storage.apiKeys());
            assertThat(keys.any()).isTrue();
            assertThat(keys.authenticate(key)).hasValueSatisfying(c -> {
                assertThat(c.owner()).isEqualTo(id);
                assertThat(c.scope()).isEqualTo(Scope.ADMIN);
            });
            assertThat(run("keys", "--data", data, "revoke", id)).startsWith("0\n");
            assertThat(ApiKeys.of(List.of(), storage.apiKeys()).authenticate(key))
                    .isEmpty();
        }
        assertThat(run("keys", "--data", data, "revoke", id)).startsWith("1\n").contains("no key " + id);
        assertThat(run("keys", "--data", data, "list")).contains("(revoked ");
        assertThat(run("keys", "--data", data, "create", "--name", "x", "--scope", "root"))
                .doesNotStartWith("0\n");
    }

    /** A server started without keys needs them within seconds of {@code easel keys create}, without a restart. */
    @Test
    void aKeyMadeWhileTheServerRunsClosesItWithinSeconds() throws Exception {
        Path data = dir.resolve("data");
        dev.easel.Config config = dev.easel.Config.defaults()
                .with(java.util.Map.of(
                        "port", "0",
                        "data_dir", data.toString(),
                        "models_dir", dir.resolve("models").toString(),
                        "default_model_repo", "",
                        "device", "cpu"));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try (dev.easel.Easel easel = dev.easel.Easel.start(config)) {
            java.util.function.IntSupplier models = () -> {
                try {
                    return http.send(
                                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                                    "http://127.0.0.1:" + easel.port() + "/v1/models"))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                } catch (java.io.IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            };
            assertThat(models.getAsInt()).as("open before any key").isEqualTo(200);

            assertThat(run("keys", "--data", data.toString(), "create", "--name", "late"))
                    .startsWith("0\n");
            long deadline = System.nanoTime() + ApiKeys.CACHE_TTL.plusSeconds(5).toNanos();
            int status = models.getAsInt();
            while (status == 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                status = models.getAsInt();
            }
            assertThat(status).as("without a key, once one exists").isEqualTo(401);
        }
    }

    @Test
    void configuredKeysMustBeLongAndAreNamedByPlaceNotShown() {
        String shortKey = "short-key";
        try {
            ApiKeys.of(List.of(new ApiKeys.Source("admin:" + shortKey, "in EASEL_API_KEYS", false)), null);
            throw new AssertionError("a short key was accepted");
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains("EASEL_API_KEYS entry 1").doesNotContain(shortKey);
        }
    }
}
