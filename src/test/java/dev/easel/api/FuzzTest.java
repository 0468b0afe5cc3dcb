package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Throws thousands of malformed requests ({@link FuzzRequests}: every route, JSON and multipart,
 * broken framing) at a running server and checks that bad input never costs the server: every
 * answer is below 500 and, on the API's routes, OpenAI's error object without Java internals; no
 * response is left queued or in progress; what was stored before is unchanged; the server still
 * answers. The seed is fixed and printed with every failure; {@code -Deasel.fuzz.seed=N} and
 * {@code -Deasel.fuzz.count=N} choose others.
 */
class FuzzTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static final long SEED = Long.getLong("easel.fuzz.seed", 20_260_511L);
    private static final int COUNT = Integer.getInteger("easel.fuzz.count", 3_200);
    private static final int TIMEOUT_MILLIS = 20_000;

    /** What the fuzz must leave as it found it. */
    private record Snapshot(String file, String content, String response, String inputItems) {}

    @Test
    void malformedRequestsNeverCostTheServer() throws Exception {
        byte[] png = WireImages.png(WireImages.noise(64, 64, 3));
        JsonNode file = Wire.json(Wire.postMultipart(
                        server,
                        "/v1/files",
                        new Multipart().text("purpose", "user_data").file("file", "a.png", "image/png", png))
                .body());
        JsonNode response = Wire.json(
                Wire.postJson(server, "/v1/responses", "{\"model\": \"gpt-4.1\", \"input\": \"remember this\"}")
                        .body());
        assertThat(response.get("status").asString()).isEqualTo("completed");
        FuzzRequests.Known known = new FuzzRequests.Known(
                file.get("id").asString(), response.get("id").asString(), png, server.port());
        Snapshot before = snapshot(known);

        long start = System.nanoTime();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                int index = i;
                sent.add(pool.submit(() -> check(FuzzRequests.generate(SEED, index, known), failures, statuses)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
                "fuzz: %d requests, seed %d, %d ms, %d failures; statuses %s%n",
                COUNT, SEED, millis, failures.size(), statuses);

        java.nio.file.Files.write(java.nio.file.Path.of("target", "fuzz-failures.txt"), failures);
        assertThat(failures)
                .as("requests (seed %d) that got a 5xx, no answer, or no OpenAI error object", SEED)
                .isEmpty();
        assertThat(unfinishedResponses())
                .as("responses left queued or in progress (seed %d)", SEED)
                .isEmpty();
        assertThat(snapshot(known))
                .as("data stored before the fuzz (seed %d)", SEED)
                .isEqualTo(before);
        assertThat(Wire.get(server, "/health").statusCode()).isEqualTo(200);
        assertThat(Wire.get(server, "/v1/models").statusCode()).isEqualTo(200);
    }

    private static void check(FuzzRequests.Case c, List<String> failures, Map<Integer, Integer> statuses) {
        RawHttp.Answer answer = RawHttp.exchange(server.port(), c.bytes(), c.halfClose(), c.head(), TIMEOUT_MILLIS);
        statuses.merge(answer.status(), 1, Integer::sum);
        String problem = problem(c, answer);
        if (problem != null) {
            failures.add("#" + c.index() + " " + c.label() + ": " + problem + "\n    request: " + c.preview()
                    + "\n    answer: " + answer.status() + " "
                    + answer.text().substring(0, Math.min(400, answer.text().length())));
        }
    }

    /** Why this answer is wrong, or null. */
    private static String problem(FuzzRequests.Case c, RawHttp.Answer answer) {
        if (answer.status() == 0) {
            return answer.problem();
        }
        if (answer.status() >= 500) {
            return "status " + answer.status();
        }
        String body = answer.text();
        if (body.contains("Exception") || body.contains("\tat ")) {
            return "Java internals in the body";
        }
        if (body.contains("\"server_error\"")) {
            // A 200 whose stream or stored response failed on the server is a 5xx in disguise.
            return "a server_error in the body";
        }
        if (answer.status() >= 400 && c.label().contains("/v1/") && !c.head()) {
            try {
                JsonNode error = Wire.json(body).get("error");
                if (error == null
                        || !Set.copyOf(error.propertyNames()).equals(Set.of("message", "type", "param", "code"))) {
                    return "not OpenAI's error object";
                }
            } catch (RuntimeException notJson) {
                return "not OpenAI's error object (not JSON)";
            }
        }
        return null;
    }

    private static Snapshot snapshot(FuzzRequests.Known known) {
        HttpResponse<String> content = Wire.get(server, "/v1/files/" + known.fileId() + "/content");
        return new Snapshot(
                Wire.get(server, "/v1/files/" + known.fileId()).body(),
                content.statusCode() + " " + content.body().length(),
                Wire.get(server, "/v1/responses/" + known.responseId()).body(),
                Wire.get(server, "/v1/responses/" + known.responseId() + "/input_items")
                        .body());
    }

    /** Ids and statuses of stored responses still queued or in progress, after runs had time to end. */
    private static Map<String, String> unfinishedResponses() throws SQLException, InterruptedException {
        Map<String, String> unfinished = Map.of();
        for (int attempt = 0; attempt < 60; attempt++) {
            unfinished = query();
            if (unfinished.isEmpty()) {
                break;
            }
            Thread.sleep(500);
        }
        return unfinished;
    }

    private static Map<String, String> query() throws SQLException {
        String url = "jdbc:sqlite:" + server.dataDir().resolve("easel.db").toAbsolutePath();
        Map<String, String> found = new java.util.TreeMap<>();
        try (Connection db = DriverManager.getConnection(url);
                ResultSet rows = db.createStatement()
                        .executeQuery("SELECT id, status FROM responses WHERE status IN ('queued', 'in_progress')")) {
            while (rows.next()) {
                found.put(rows.getString(1), rows.getString(2));
            }
        }
        return found;
    }
}
