package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.store.S3rverServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;

/**
 * A server whose blobs live in an S3-compatible bucket (npm s3rver): uploads and the Images API's URL images are
 * objects under the configured prefix, served back through the API as they were written; the credentials given
 * in settings appear nowhere in what the server says.
 */
class S3BlobsWireTest {
    /** Open before the server starts, so its start (configuration included) is captured too. */
    static final LogCapture logs = LogCapture.start();

    static final S3rverServer s3 = S3rverServer.start();
    static final S3Client client = s3.client();

    @RegisterExtension
    static final TestServer server = TestServer.withEnv(Map.of(
            "EASEL_BLOBS_S3_BUCKET", S3rverServer.BUCKET,
            "EASEL_BLOBS_S3_ENDPOINT", s3.endpoint(),
            "EASEL_BLOBS_S3_PATH_STYLE", "true",
            "EASEL_BLOBS_S3_PREFIX", "node-a/",
            "EASEL_BLOBS_S3_ACCESS_KEY_ID", "S3RVER",
            "EASEL_BLOBS_S3_SECRET_ACCESS_KEY", "S3RVER"));

    @AfterAll
    static void stop() {
        logs.close();
        client.close();
        s3.close();
    }

    @Test
    void theBucketsCredentialsAreNeitherLoggedNorStored() throws java.io.IOException {
        uploadsAreObjectsInTheBucketAndComeBackWhole();
        assertThat(logs.everything())
                .contains("blobs: bucket " + S3rverServer.BUCKET)
                .doesNotContain("S3RVER");
        try (var files = java.nio.file.Files.walk(server.dataDir())) {
            for (java.nio.file.Path file :
                    files.filter(java.nio.file.Files::isRegularFile).toList()) {
                assertThat(new String(
                                java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(file.toString())
                        .doesNotContain("S3RVER");
            }
        }
    }

    private static List<String> keys(String prefix) {
        return client.listObjectsV2(b -> b.bucket(S3rverServer.BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    @Test
    void uploadsAreObjectsInTheBucketAndComeBackWhole() {
        byte[] png = WireImages.png(WireImages.noise(16, 16, 4));
        int before = keys("node-a/blobs/").size();
        HttpResponse<String> upload = Wire.postMultipart(
                server,
                "/v1/files",
                new Multipart().text("purpose", "vision").file("file", "picture.png", "image/png", png));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        String id = Wire.json(upload.body()).path("id").asString();
        assertThat(keys("node-a/blobs/"))
                .hasSize(before + 1)
                .allMatch(k -> k.matches("node-a/blobs/blob_[0-9a-f]{32}\\.[a-z]+"));

        HttpResponse<byte[]> content =
                Wire.getBytes(server.uri("/v1/files/" + id + "/content").toString());
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.body()).isEqualTo(png);
    }

    @Test
    void urlImagesAreServedFromTheBucket() {
        HttpResponse<String> r = Wire.postJson(server, "/v1/images/generations", """
                {"prompt": "a red square", "size": "64x64", "response_format": "url"}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode data = Wire.json(r.body()).path("data").get(0);
        assertThat(keys("node-a/images/")).hasSize(1);
        HttpResponse<byte[]> image = Wire.getBytes(data.path("url").asString());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()).startsWith(0x89, 'P', 'N', 'G');
    }
}
