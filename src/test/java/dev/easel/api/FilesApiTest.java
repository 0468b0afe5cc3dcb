package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The Files API that file_id inputs rely on: upload, list, retrieve, content, delete, and their errors. */
class FilesApiTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    @Test
    void aFileNameIsStoredWithoutItsFolders() {
        byte[] png = WireImages.png(WireImages.noise(8, 8, 4));
        for (String given : java.util.List.of("../../etc/passwd", "C:\\Users\\x\\shot.png", "..")) {
            HttpResponse<String> uploaded = Wire.postMultipart(
                    server,
                    "/v1/files",
                    new Multipart().text("purpose", "vision").file("file", given, "image/png", png));
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
            assertThat(Wire.json(uploaded.body()).get("filename").asString())
                    .as(given)
                    .isEqualTo(given.equals("..") ? "upload" : given.contains("passwd") ? "passwd" : "shot.png");
        }
    }

    @Test
    void uploadListRetrieveDownloadAndDelete() {
        byte[] png = WireImages.png(WireImages.noise(16, 16, 4));
        HttpResponse<String> uploaded = Wire.postMultipart(
                server,
                "/v1/files",
                new Multipart().text("purpose", "vision").file("file", "dot.png", "image/png", png));
        assertThat(uploaded.statusCode()).isEqualTo(200);
        JsonNode file = Wire.json(uploaded.body());
        String id = file.get("id").asString();
        assertThat(id).startsWith("file-");
        assertThat(file.get("object").asString()).isEqualTo("file");
        assertThat(file.get("bytes").asLong()).isEqualTo(png.length);
        assertThat(file.get("filename").asString()).isEqualTo("dot.png");
        assertThat(file.get("purpose").asString()).isEqualTo("vision");
        assertThat(file.get("status").asString()).isEqualTo("processed");

        JsonNode list = Wire.json(Wire.get(server, "/v1/files?purpose=vision").body());
        assertThat(list.get("object").asString()).isEqualTo("list");
        assertThat(list.get("data").findValuesAsString("id")).contains(id);
        assertThat(Wire.json(Wire.get(server, "/v1/files?purpose=user_data").body())
                        .get("data")
                        .findValuesAsString("id"))
                .doesNotContain(id);

        assertThat(Wire.json(Wire.get(server, "/v1/files/" + id).body())).isEqualTo(file);
        HttpResponse<byte[]> content = Wire.getBytes(server.baseUrl() + "/v1/files/" + id + "/content");
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(content.body()).isEqualTo(png);

        HttpResponse<String> deleted =
                Wire.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/files/" + id))
                        .DELETE()
                        .build());
        assertThat(Wire.json(deleted.body()).get("deleted").asBoolean()).isTrue();
        HttpResponse<String> gone = Wire.get(server, "/v1/files/" + id);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(Wire.json(gone.body()).at("/error/type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void jsonImageEditsTakeUploadedFilesById() {
        byte[] png = WireImages.png(WireImages.noise(64, 64, 9));
        String id = Wire.json(Wire.postMultipart(
                                server,
                                "/v1/files",
                                new Multipart().text("purpose", "vision").file("file", "src.png", "image/png", png))
                        .body())
                .get("id")
                .asString();
        HttpResponse<String> edited = Wire.postJson(
                server,
                "/v1/images/edits",
                "{\"model\":\"gpt-image-1\",\"prompt\":\"a door\"," + "\"images\":[{\"file_id\":\"" + id
                        + "\"}],\"size\":\"64x64\"}");
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        WireImages.assertImage(
                WireImages.base64(
                        Wire.json(edited.body()).at("/data/0/b64_json").asString()),
                "png",
                64,
                64);

        HttpResponse<String> missing = Wire.postJson(
                server,
                "/v1/images/edits",
                "{\"model\":\"gpt-image-1\",\"prompt\":\"x\"," + "\"images\":[{\"file_id\":\"file-nope\"}]}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(Wire.json(missing.body()).at("/error/param").asString()).isEqualTo("images[0]");
    }

    @Test
    void badUploadsAreOpenAiErrors() {
        HttpResponse<String> noPurpose = Wire.postMultipart(
                server, "/v1/files", new Multipart().file("file", "a.png", "image/png", new byte[] {1, 2, 3}));
        assertThat(noPurpose.statusCode()).isEqualTo(400);
        assertThat(Wire.json(noPurpose.body()).at("/error/param").asString()).isEqualTo("purpose");

        HttpResponse<String> badPurpose = Wire.postMultipart(
                server,
                "/v1/files",
                new Multipart().text("purpose", "pictures").file("file", "a.png", "image/png", new byte[] {1}));
        assertThat(badPurpose.statusCode()).isEqualTo(400);
        assertThat(Wire.json(badPurpose.body()).at("/error/param").asString()).isEqualTo("purpose");

        HttpResponse<String> noFile =
                Wire.postMultipart(server, "/v1/files", new Multipart().text("purpose", "vision"));
        assertThat(noFile.statusCode()).isEqualTo(400);
        assertThat(Wire.json(noFile.body()).at("/error/param").asString()).isEqualTo("file");

        HttpResponse<String> json = Wire.postJson(server, "/v1/files", "{}");
        assertThat(json.statusCode()).isEqualTo(415);

        HttpResponse<String> truncated = Wire.send(HttpRequest.newBuilder(server.uri("/v1/files"))
                .header("Content-Type", "multipart/form-data; boundary=xyz")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "--xyz\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nvision"))
                .build());
        ApiErrors.assertError(truncated, 400, "invalid_request_error", "invalid_multipart", null);
    }
}
