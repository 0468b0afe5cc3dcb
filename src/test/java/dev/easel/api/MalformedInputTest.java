package dev.easel.api;

import static dev.easel.api.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Input that once cost a 5xx, an HTML page or an empty error (each found by {@link FuzzTest}):
 * bodies cut short or badly chunked, requests Jetty refuses before any route, multipart parts
 * without a name or with a bad file name, charsets that are not charset names, unknown paging
 * cursors, integers past 2^63, and JSON past the reader's limits. Each is a 4xx with OpenAI's
 * error object.
 */
class MalformedInputTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static final String INVALID = "invalid_request_error";

    @Test
    void jsonBodyCutShortIsAnIncompleteBody() {
        RawHttp.Answer answer =
                send(post("/v1/images/generations", "application/json", "Content-Length: 60", "{\"prompt\":"), true);
        assertOpenAiError(answer, 400, "incomplete_body");
    }

    @Test
    void badChunkSizeIsA400() {
        String body = "zz\r\n{\"prompt\": \"a cat\"}\r\n0\r\n\r\n";
        RawHttp.Answer answer =
                send(post("/v1/responses", "application/json", "Transfer-Encoding: chunked", body), false);
        assertOpenAiError(answer, 400, "incomplete_body");
    }

    @Test
    void chunkedBodyWithoutItsLastChunkIsA400() {
        RawHttp.Answer answer =
                send(post("/v1/easel/charts", "application/json", "Transfer-Encoding: chunked", "2\r\n{}\r\n"), true);
        assertOpenAiError(answer, 400, "incomplete_body");
    }

    @Test
    void unknownHttpVersionIsA400NotA505() {
        RawHttp.Answer answer = send("GET /v1/models HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", false);
        assertOpenAiError(answer, 400, "invalid_request");
    }

    @Test
    void unknownTransferCodingIsA400NotA501() {
        RawHttp.Answer answer = send(post("/v1/responses", "application/json", "Transfer-Encoding: gzip", "{}"), true);
        assertOpenAiError(answer, 400, "invalid_request");
    }

    @Test
    void uriWithNulOrBadEscapeIsOpenAisErrorForEveryMethod() {
        for (String request : new String[] {"GET /v1/files/%00", "GET /v1/responses/%ZZ", "DELETE /v1/models/%C0%AE"}) {
            RawHttp.Answer answer = send(request + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", false);
            assertOpenAiError(answer, 400, "invalid_request");
        }
    }

    @Test
    void multipartWithoutABoundaryOrCutShortIsInvalid() {
        String form = "--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--b--\r\n";
        assertOpenAiError(send(post("/v1/files", "multipart/form-data", null, form), false), 400, "invalid_multipart");
        String cut = form.substring(0, form.length() - 12);
        assertOpenAiError(
                send(post("/v1/files", "multipart/form-data; boundary=b", null, cut), false), 400, "invalid_multipart");
    }

    @Test
    void multipartPartWithoutANameIsInvalid() {
        for (String path : new String[] {"/v1/files", "/v1/images/edits"}) {
            String form = "--b\r\nContent-Disposition: form-data; filename=\"a.png\"\r\n\r\nxyz\r\n--b--\r\n";
            RawHttp.Answer answer = send(post(path, "multipart/form-data; boundary=b", null, form), false);
            assertOpenAiError(answer, 400, "invalid_multipart");
        }
    }

    @Test
    void fileNamesWithControlCharactersOrPastTwoHundredFiftyFiveCharactersAreInvalid() {
        assertError(upload("a\u0085b.png"), 400, INVALID, "invalid_filename", "file");
        assertError(upload("n".repeat(300) + ".png"), 400, INVALID, "invalid_filename", "file");
    }

    /** Jetty's multipart parser refuses a NUL in a part's headers, and headers of 10,000 characters, itself. */
    @Test
    void fileNamesWithNulOrTenThousandCharactersAreInvalidMultipart() {
        assertError(upload("a\u0000b.png"), 400, INVALID, "invalid_multipart", null);
        assertError(upload("n".repeat(10_000) + ".png"), 400, INVALID, "invalid_multipart", null);
    }

    private static java.net.http.HttpResponse<String> upload(String filename) {
        byte[] png = WireImages.png(WireImages.noise(64, 64, 1));
        return Wire.postMultipart(
                server,
                "/v1/files",
                new Multipart().text("purpose", "user_data").file("file", filename, "image/png", png));
    }

    @Test
    void moreThanAThousandPartsAreInvalid() {
        Multipart form = new Multipart().text("purpose", "user_data");
        for (int i = 0; i < 1001; i++) {
            form.text("x" + i, "1");
        }
        assertError(Wire.postMultipart(server, "/v1/files", form), 400, INVALID, "invalid_multipart", null);
    }

    /** The servlet's content type parsing looks the charset up; one that is no charset name must not throw. */
    @Test
    void charsetThatIsNoCharsetNameIsNotAServerError() {
        String form = "--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--b--\r\n";
        RawHttp.Answer answer =
                send(post("/v1/files", "multipart/form-data; boundary=b; charset=\u00ff", null, form), false);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(Wire.json(answer.text()).get("filename").asString()).isEqualTo("a.txt");
    }

    @Test
    void unknownPagingCursorsAreInvalidNamingTheCursor() {
        assertError(Wire.get(server, "/v1/files?after=file-nope"), 400, INVALID, "invalid_value", "after");
        String id = Wire.json(Wire.postJson(server, "/v1/responses", "{\"model\": \"gpt-4.1\", \"input\": \"hi\"}")
                        .body())
                .get("id")
                .asString();
        String items = "/v1/responses/" + id + "/input_items";
        assertError(Wire.get(server, items + "?after=msg_nope"), 400, INVALID, "invalid_value", "after");
        assertError(Wire.get(server, items + "?before=msg_nope"), 400, INVALID, "invalid_value", "before");
    }

    @Test
    void integersPastTwoToTheSixtyThreeAreOutOfRangeNamingTheField() {
        JsonNode error = assertError(
                Wire.postJson(server, "/v1/images/generations", "{\"prompt\": \"a cat\", \"n\": 9223372036854775808}"),
                400,
                INVALID,
                "invalid_value",
                "n");
        assertThat(error.get("message").asString())
                .isEqualTo("Invalid 'n': 9223372036854775808 is out of range; expected 1 to 10.");
        assertError(
                Wire.postJson(
                        server,
                        "/v1/responses",
                        "{\"model\": \"gpt-4.1\", \"input\": \"hi\", \"max_tool_calls\": -99999999999999999999}"),
                400,
                INVALID,
                "invalid_value",
                "max_tool_calls");
        byte[] png = WireImages.png(WireImages.noise(64, 64, 1));
        assertError(
                Wire.postMultipart(
                        server,
                        "/v1/images/edits",
                        new Multipart()
                                .file("image", "a.png", "image/png", png)
                                .text("prompt", "a door")
                                .text("n", "99999999999999999999")),
                400,
                INVALID,
                "invalid_value",
                "n");
    }

    @Test
    void jsonPastTheReadersLimitsIsInvalidNamingTheLimit() {
        String deep = "[".repeat(RequestJson.MAX_DEPTH + 1) + "]".repeat(RequestJson.MAX_DEPTH + 1);
        JsonNode error = assertError(
                Wire.postJson(server, "/v1/images/generations", "{\"prompt\": " + deep + "}"),
                400,
                INVALID,
                "json_too_deep",
                null);
        assertThat(error.get("message").asString()).contains("at most 128 levels");
        error = assertError(
                Wire.postJson(server, "/v1/images/generations", "{\"n\": 1" + "0".repeat(100) + "}"),
                400,
                INVALID,
                "json_number_too_long",
                null);
        assertThat(error.get("message").asString()).contains("at most 100 characters");
    }

    /** {@code text} is echoed into the stored Response object: too deep is refused before anything is stored. */
    @Test
    void deepTextIsRefusedAndTextWithinTheLimitIsStoredAndReadBack() {
        String deep = "{\"format\": {\"type\": \"text\"}, \"x\": " + FuzzJson.deepObject(400) + "}";
        assertError(
                Wire.postJson(
                        server, "/v1/responses", "{\"model\": \"gpt-4.1\", \"input\": \"hi\", \"text\": " + deep + "}"),
                400,
                INVALID,
                "json_too_deep",
                null);
        String nested =
                "{\"format\": {\"type\": \"text\"}, \"x\": " + FuzzJson.deepObject(RequestJson.MAX_DEPTH - 3) + "}";
        JsonNode created = Wire.json(Wire.postJson(
                        server,
                        "/v1/responses",
                        "{\"model\": \"gpt-4.1\", \"input\": \"hi\", \"text\": " + nested + "}")
                .body());
        assertThat(created.get("status").asString()).isEqualTo("completed");
        String id = created.get("id").asString();
        assertThat(Wire.json(Wire.get(server, "/v1/responses/" + id).body())
                        .get("status")
                        .asString())
                .isEqualTo("completed");
        assertThat(Wire.get(server, "/v1/responses/" + id + "?stream=true").body())
                .contains("response.completed");
    }

    private static String post(String path, String contentType, String framing, String body) {
        StringBuilder r = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        r.append("Content-Type: ").append(contentType).append("\r\n");
        r.append(framing != null ? framing : "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length);
        return r.append("\r\n\r\n").append(body).toString();
    }

    private static RawHttp.Answer send(String request, boolean halfClose) {
        return RawHttp.exchange(server.port(), request.getBytes(StandardCharsets.ISO_8859_1), halfClose, false, 20_000);
    }

    private static void assertOpenAiError(RawHttp.Answer answer, int status, String code) {
        assertThat(answer.status()).as("status of %s", answer.text()).isEqualTo(status);
        assertThat(answer.header("content-type")).startsWith("application/json");
        JsonNode error = Wire.json(answer.text()).get("error");
        assertThat(Set.copyOf(error.propertyNames())).isEqualTo(Set.of("message", "type", "param", "code"));
        assertThat(error.get("type").asString()).isEqualTo(INVALID);
        assertThat(error.get("code").asString()).isEqualTo(code);
        assertThat(answer.text()).doesNotContain("Exception");
    }
}
