package dev.easel.api;

import static dev.easel.api.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImagesResponse;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Multipart parts without a filename, as the official Java SDK sends {@code byte[]} and
 * {@code InputStream} uploads, are files like any other up to the server's body limit
 * ({@code max_body_bytes}); past it they are a 413 naming the limit, with or without a
 * Content-Length. (Servlet containers count such parts against a 200,000-byte form limit.)
 */
class NamelessUploadsTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    @RegisterExtension
    static final TestServer small = TestServer.with(Map.of("max_body_bytes", "1500000"));

    /** About 1.08 MB: noise does not compress. */
    private static final byte[] PNG = WireImages.png(WireImages.noise(600, 600, 21));

    private static OpenAIClient client;

    @BeforeAll
    static void connect() {
        assertThat(PNG.length).isBetween(1_000_000, 1_200_000);
        client = OpenAiClients.plain(server);
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void sdkEditsAByteArrayImage() {
        assertEdited(client.images().edit(edit().image(PNG).build()));
    }

    @Test
    void sdkEditsAnInputStreamImage() {
        assertEdited(
                client.images().edit(edit().image(new ByteArrayInputStream(PNG)).build()));
    }

    @Test
    void sdkUploadsAByteArrayFile() {
        assertStored(client.files()
                .create(FileCreateParams.builder()
                        .file(PNG)
                        .purpose(FilePurpose.VISION)
                        .build()));
    }

    @Test
    void sdkUploadsAnInputStreamFile() {
        assertStored(client.files()
                .create(FileCreateParams.builder()
                        .file(new ByteArrayInputStream(PNG))
                        .purpose(FilePurpose.USER_DATA)
                        .build()));
    }

    @Test
    void namelessImageUnderTheBodyLimitIsEdited() {
        HttpResponse<String> response = Wire.postMultipart(small, "/v1/images/edits", namelessEdit(PNG));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        WireImages.assertImage(
                WireImages.base64(
                        Wire.json(response.body()).at("/data/0/b64_json").asString()),
                "png",
                64,
                64);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void namelessImageOverTheBodyLimitIsTooLargeAndNamesTheLimit(boolean chunked) {
        byte[] big = WireImages.png(WireImages.noise(800, 800, 22)); // about 1.9 MB
        assertThat(big.length).isGreaterThan(1_500_000);
        assertTooLarge(send(small, "/v1/images/edits", namelessEdit(big), chunked));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void namelessFileOverTheBodyLimitIsTooLargeAndNamesTheLimit(boolean chunked) {
        Multipart form =
                new Multipart().text("purpose", "vision").part("file", "application/octet-stream", new byte[1_600_000]);
        assertTooLarge(send(small, "/v1/files", form, chunked));
    }

    @Test
    void namelessFileUnderTheBodyLimitIsStored() {
        Multipart form = new Multipart()
                .text("purpose", "user_data")
                .part("file", "application/octet-stream", new byte[1_400_000]);
        HttpResponse<String> response = Wire.postMultipart(small, "/v1/files", form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Wire.json(response.body()).get("bytes").asLong()).isEqualTo(1_400_000);
        assertThat(Wire.json(response.body()).get("filename").asString()).isEqualTo("upload");
    }

    private static ImageEditParams.Builder edit() {
        return ImageEditParams.builder().model("gpt-image-1").prompt("a door").size("64x64");
    }

    private static void assertEdited(ImagesResponse response) {
        assertThat(response.size().orElseThrow().asString()).isEqualTo("64x64");
        WireImages.assertImage(
                WireImages.base64(
                        response.data().orElseThrow().getFirst().b64Json().orElseThrow()),
                "png",
                64,
                64);
        // 600x600 pixels are 352 patches of 32x32 (rounded up)
        assertThat(response.usage().orElseThrow().inputTokensDetails().imageTokens())
                .isEqualTo(352);
    }

    private static void assertStored(FileObject file) {
        assertThat(file.bytes()).isEqualTo(PNG.length);
        assertThat(file.filename()).isEqualTo("upload");
        HttpResponse<byte[]> content = Wire.getBytes(server.baseUrl() + "/v1/files/" + file.id() + "/content");
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.body()).isEqualTo(PNG);
    }

    private static Multipart namelessEdit(byte[] png) {
        return new Multipart()
                .part("image", "image/png", png)
                .text("model", "gpt-image-1")
                .text("prompt", "a door")
                .text("size", "64x64");
    }

    private static HttpResponse<String> send(TestServer target, String path, Multipart form, boolean chunked) {
        byte[] body = form.bytes();
        return Wire.send(HttpRequest.newBuilder(target.uri(path))
                .header("Content-Type", form.contentType())
                .POST(
                        chunked
                                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                                : HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    private static void assertTooLarge(HttpResponse<String> response) {
        var error = assertError(response, 413, "invalid_request_error", "request_too_large", null);
        assertThat(error.get("message").asString())
                .isEqualTo("The request body is larger than this server accepts (1500000 bytes).");
    }
}
