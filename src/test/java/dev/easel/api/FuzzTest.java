package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Throws thousands of malformed requests ({@link FuzzRequests}: every route, JSON and multipart,
 * broken framing) at a running server and checks that bad input never costs the server: every
 * answer is below 500 and, on the API's routes, OpenAI's error object without Java internals; no
 * response is left queued or in progress; what was stored before is unchanged; the server still
 * answers. A second run sends the same kind of requests to a server with an API key, each with an
 * {@code Authorization} header of {@link FuzzAuth} (none, malformed, wrong, valid), and also checks
 * every 401 and that no answer repeats a token. The seed is fixed and printed with every failure;
 * {@code -Deasel.fuzz.seed=N}, {@code -Deasel.fuzz.count=N} and {@code -Deasel.fuzz.auth.count=N}
 * choose others.
 */
class FuzzTest {
    static final String KEY = "sk-fuzz-0123456789abcdef0123456789abcdef0123";

    @RegisterExtension
    static final TestServer open = TestServer.withDefaults();

    /** Per-key limits off, so that the valid key's requests reach the routes instead of a 429. */
    @RegisterExtension
    static final TestServer keyed = TestServer.with(Map.of(
            "auth.api_keys", KEY,
            "limits.requests_per_minute", "0",
            "limits.images_per_minute", "0"));

    private static final long SEED = Long.getLong("easel.fuzz.seed", 20_260_511L);
    private static final int COUNT = Integer.getInteger("easel.fuzz.count", 3_200);
    private static final int AUTH_COUNT = Integer.getInteger("easel.fuzz.auth.count", 1_500);
    private static final int TIMEOUT_MILLIS = 20_000;

    /** What the fuzz must leave as it found it. */
    private record Snapshot(String file, String content, String response, String inputItems) {}

    /** A server under fuzz; {@code key}: what the test's own requests (seeding, snapshots) carry. */
    private record Target(String name, TestServer server, Optional<String> key) {
        HttpResponse<String> send(HttpRequest.Builder request) {
            key.ifPresent(k -> request.header("Authorization", "Bearer " + k));
            return Wire.send(request.build());
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(server.uri(path)).GET());
        }
    }

    /** Request {@code i} of a run, and what else its answer must satisfy (a problem, or null). */
    private record Probe(FuzzRequests.Case request, Function<RawHttp.Answer, String> extra) {}

    @Test
    void malformedRequestsNeverCostTheServer() throws Exception {
        fuzz(
                new Target("open", open, Optional.empty()),
                COUNT,
                (known, i) -> new Probe(FuzzRequests.generate(SEED, i, known), answer -> null));
    }

    @Test
    void malformedRequestsWithAnyAuthorizationNeverCostAServerWithKeys() throws Exception {
        fuzz(new Target("auth", keyed, Optional.of(KEY)), AUTH_COUNT, (known, i) -> {
            FuzzAuth.Credential credential = FuzzAuth.pick(SEED, i, KEY);
            FuzzRequests.Case c = credential.sign(FuzzRequests.generate(SEED, i, known));
            return new Probe(c, answer -> authProblem(credential, c, answer));
        });
    }

    private static void fuzz(Target target, int count, BiFunction<FuzzRequests.Known, Integer, Probe> probes)
            throws Exception {
        byte[] png = WireImages.png(WireImages.noise(64, 64, 3));
        Multipart form = new Multipart().text("purpose", "user_data").file("file", "a.png", "image/png", png);
        JsonNode file =
                Wire.json(target.send(HttpRequest.newBuilder(target.server().uri("/v1/files"))
                                .header("Content-Type", form.contentType())
                                .POST(form.publisher()))
                        .body());
        JsonNode response =
                Wire.json(target.send(HttpRequest.newBuilder(target.server().uri("/v1/responses"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"model\": \"gpt-4.1\", \"input\": \"remember this\"}")))
                        .body());
        assertThat(response.get("status").asString()).isEqualTo("completed");
        FuzzRequests.Known known = new FuzzRequests.Known(
                file.get("id").asString(),
                response.get("id").asString(),
                png,
                target.server().port());
        Snapshot before = snapshot(target, known);

        long start = System.nanoTime();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                sent.add(pool.submit(() -> check(target, probes.apply(known, index), failures, statuses)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
                "fuzz (%s): %d requests, seed %d, %d ms, %d failures; statuses %s%n",
                target.name(), count, SEED, millis, failures.size(), statuses);

        java.nio.file.Files.write(java.nio.file.Path.of("target", "fuzz-" + target.name() + "-failures.txt"), failures);
        assertThat(failures)
                .as("requests (%s, seed %d) that got a 5xx, no answer, or a wrong error", target.name(), SEED)
                .isEmpty();
        assertThat(unfinishedResponses(target.server()))
                .as("responses left queued or in progress (%s, seed %d)", target.name(), SEED)
                .isEmpty();
        assertThat(snapshot(target, known))
                .as("data stored before the fuzz (%s, seed %d)", target.name(), SEED)
                .isEqualTo(before);
        assertThat(target.get("/health").statusCode()).isEqualTo(200);
        assertThat(target.get("/v1/models").statusCode()).isEqualTo(200);
    }

    private static void check(Target target, Probe probe, List<String> failures, Map<Integer, Integer> statuses) {
        FuzzRequests.Case c = probe.request();
        RawHttp.Answer answer =
                RawHttp.exchange(target.server().port(), c.bytes(), c.halfClose(), c.head(), TIMEOUT_MILLIS);
        statuses.merge(answer.status(), 1, Integer::sum);
        String problem = problem(c, answer);
        if (problem == null) {
            problem = probe.extra().apply(answer);
        }
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
            return openAiError(body, null);
        }
        return null;
    }

    /**
     * Why this answer to a server with a key is wrong, or null: a 401 is OpenAI's
     * {@code invalid_api_key} with its challenge ({@code /mcp}'s, a JSON-RPC error), the valid
     * key is never a 401 and anything else never reaches a route that needs a key, and no answer
     * repeats the token or the key.
     */
    private static String authProblem(FuzzAuth.Credential credential, FuzzRequests.Case c, RawHttp.Answer answer) {
        String text = answer.text() + " " + answer.headers();
        if (credential.echoedIn(text) || text.contains(KEY.substring(0, 24))) {
            return "the answer repeats the token sent";
        }
        int status = answer.status();
        if (status == 401) {
            if (answer.header("www-authenticate") == null) {
                return "a 401 without WWW-Authenticate";
            }
            if (c.head()) {
                return null;
            }
            if (path(c).startsWith("/mcp")) {
                JsonNode error = Wire.json(answer.text()).get("error");
                return error != null && error.has("code") && error.has("message") ? null : "not a JSON-RPC error";
            }
            return openAiError(answer.text(), "invalid_api_key");
        }
        String path = path(c);
        boolean open = path.equals("/health") || path.startsWith("/health?") || path.startsWith(ImageUrls.PATH);
        if (credential.verdict() == FuzzAuth.Verdict.NO_KEY && status >= 200 && status < 300 && !open) {
            return "answered " + status + " without a valid key";
        }
        return null;
    }

    /** Why a body is not OpenAI's error object (with this code, unless null), or null. */
    private static String openAiError(String body, String code) {
        try {
            JsonNode error = Wire.json(body).get("error");
            if (error == null
                    || !Set.copyOf(error.propertyNames()).equals(Set.of("message", "type", "param", "code"))) {
                return "not OpenAI's error object";
            }
            if (code != null
                    && !(code.equals(error.get("code").asString())
                            && "invalid_request_error".equals(error.get("type").asString()))) {
                return "not OpenAI's " + code + " error";
            }
            return null;
        } catch (RuntimeException notJson) {
            return "not OpenAI's error object (not JSON)";
        }
    }

    /** The request's path, as its request line names it (absolute or origin form); empty when it has none. */
    private static String path(FuzzRequests.Case c) {
        String request = new String(c.bytes(), StandardCharsets.ISO_8859_1);
        String[] words =
                request.substring(0, Math.max(0, request.indexOf("\r\n"))).split(" ");
        if (words.length < 2) {
            return "";
        }
        String target = words[1];
        if (target.startsWith("http://")) {
            int slash = target.indexOf('/', "http://".length());
            return slash < 0 ? "/" : target.substring(slash);
        }
        return target;
    }

    private static Snapshot snapshot(Target target, FuzzRequests.Known known) {
        HttpResponse<String> content = target.get("/v1/files/" + known.fileId() + "/content");
        return new Snapshot(
                target.get("/v1/files/" + known.fileId()).body(),
                content.statusCode() + " " + content.body().length(),
                target.get("/v1/responses/" + known.responseId()).body(),
                target.get("/v1/responses/" + known.responseId() + "/input_items")
                        .body());
    }

    /** Ids and statuses of stored responses still queued or in progress, after runs had time to end. */
    private static Map<String, String> unfinishedResponses(TestServer server)
            throws SQLException, InterruptedException {
        Map<String, String> unfinished = Map.of();
        for (int attempt = 0; attempt < 60; attempt++) {
            unfinished = query(server);
            if (unfinished.isEmpty()) {
                break;
            }
            Thread.sleep(500);
        }
        return unfinished;
    }

    private static Map<String, String> query(TestServer server) throws SQLException {
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
