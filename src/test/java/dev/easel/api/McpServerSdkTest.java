package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The official MCP Java SDK client against Easel's {@code /mcp}, over Streamable HTTP on the server's own port. */
class McpServerSdkTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    private McpSyncClient client;

    @BeforeEach
    void connect() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(server.baseUrl())
                .endpoint("/mcp")
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(60))
                .clientInfo(new McpSchema.Implementation("easel-test", "1"))
                .progressConsumer(progress::add)
                .build();
    }

    @AfterEach
    void disconnect() {
        client.closeGracefully();
    }

    @Test
    void initializesOnTheLatestRevisionWithToolsOnly() {
        McpSchema.InitializeResult init = client.initialize();

        assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
        assertThat(init.serverInfo().name()).isEqualTo("easel");
        assertThat(init.capabilities().tools()).isNotNull();
        assertThat(init.capabilities().resources()).isNull();
        assertThat(init.capabilities().prompts()).isNull();
    }

    @Test
    void listsTheTwoImageToolsWithTheirRequiredArguments() {
        client.initialize();
        List<McpSchema.Tool> tools = client.listTools().tools();

        assertThat(tools).extracting(McpSchema.Tool::name).containsExactly("generate_image", "edit_image");
        assertThat(required(tools.get(0))).containsExactly("prompt");
        assertThat(required(tools.get(1))).containsExactly("prompt", "images");
        assertThat(properties(tools.get(0)))
                .containsKeys("prompt", "size", "quality", "n", "output_format", "seed", "steps", "negative_prompt")
                .doesNotContainKeys("stream", "response_format", "partial_images", "images");
        assertThat(properties(tools.get(1))).containsKeys("images", "mask", "input_fidelity");
    }

    @Test
    void generatesAnImageOfTheAskedSizeAndLinksTheSameStoredBytes() throws IOException {
        client.initialize();
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder()
                .name("generate_image")
                .arguments(Map.of("prompt", "a lighthouse at dusk", "size", "80x64", "seed", 7, "steps", 3))
                .build());

        assertThat(result.isError()).as("%s", result).isFalse();
        assertThat(result.content()).hasSize(3);
        McpSchema.ImageContent image = (McpSchema.ImageContent) result.content().get(0);
        assertThat(image.mimeType()).isEqualTo("image/png");
        byte[] bytes = Base64.getDecoder().decode(image.data());
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(decoded.getWidth()).isEqualTo(80);
        assertThat(decoded.getHeight()).isEqualTo(64);

        McpSchema.ResourceLink link = (McpSchema.ResourceLink) result.content().get(1);
        assertThat(link.mimeType()).isEqualTo("image/png");
        assertThat(link.size()).isEqualTo(bytes.length);
        assertThat(link.uri()).startsWith(server.baseUrl() + "/v1/images/files/" + link.name() + "?expires=");
        HttpResponse<byte[]> file = Wire.getBytes(link.uri());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(file.body()).isEqualTo(bytes);

        assertThat(((McpSchema.TextContent) result.content().get(2)).text())
                .isEqualTo("1 image, 80x64 png, 3 steps, quality medium, seed 7.");
        assertThat(progress).as("no progress token, no progress").isEmpty();
    }

    @Test
    void sendsOneProgressNotificationPerDenoisingStepWhenAskedWithAToken() {
        client.initialize();
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder()
                .name("generate_image")
                .arguments(Map.of("prompt", "two boats", "size", "64x64", "steps", 5, "n", 2))
                .progressToken("p-1")
                .build());

        assertThat(result.isError()).as("%s", result).isFalse();
        assertThat(result.content()).hasSize(5);
        assertThat(progress).hasSizeGreaterThanOrEqualTo(10);
        assertThat(progress).allSatisfy(p -> {
            assertThat(p.progressToken()).isEqualTo("p-1");
            assertThat(p.total()).isEqualTo(10.0);
        });
        assertThat(progress)
                .as("the client may hand notifications over out of order")
                .extracting(McpSchema.ProgressNotification::progress)
                .containsExactlyInAnyOrder(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
        assertThat(progress)
                .filteredOn(p -> p.progress() == 10.0)
                .extracting(McpSchema.ProgressNotification::message)
                .containsExactly("image 2 of 2, step 5 of 5");
    }

    @Test
    void aBadSizeIsAToolErrorWithTheImagesApiMessage() {
        client.initialize();
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder()
                .name("generate_image")
                .arguments(Map.of("prompt", "x", "size", "big"))
                .build());

        assertThat(result.isError()).isTrue();
        String message = ((McpSchema.TextContent) result.content().getFirst()).text();
        assertThat(message).isEqualTo(imagesApiMessage("{\"prompt\":\"x\",\"size\":\"big\"}"));
        assertThat(message).startsWith("Invalid value: 'big'. Supported values are: 'auto', '256x256'");
    }

    @Test
    void sizesTheModelCannotMakeAndUnknownArgumentsAreToolErrorsToo() {
        client.initialize();
        assertThat(toolError(Map.of("prompt", "x", "size", "63x64")))
                .isEqualTo(imagesApiMessage("{\"prompt\":\"x\",\"size\":\"63x64\"}"));
        assertThat(toolError(Map.of("prompt", "x", "steps", 0)))
                .isEqualTo("Invalid 'steps': 0 is out of range; expected 1 to 150.");
        assertThat(toolError(Map.of("size", "64x64"))).isEqualTo(imagesApiMessage("{\"size\":\"64x64\"}"));
        assertThat(toolError(Map.of("prompt", "x", "stream", true)))
                .isEqualTo(imagesApiMessage("{\"prompt\":\"x\",\"bogus\":true}").replace("bogus", "stream"));
    }

    @Test
    void editsAnImageGivenAsADataUrl() throws IOException {
        client.initialize();
        McpSchema.CallToolResult generated = client.callTool(McpSchema.CallToolRequest.builder()
                .name("generate_image")
                .arguments(Map.of("prompt", "a field", "size", "64x64", "steps", 2))
                .build());
        String source = ((McpSchema.ImageContent) generated.content().getFirst()).data();

        McpSchema.CallToolResult edited = client.callTool(McpSchema.CallToolRequest.builder()
                .name("edit_image")
                .arguments(Map.of(
                        "prompt",
                        "the same field in snow",
                        "images",
                        List.of(Map.of("image_url", "data:image/png;base64," + source)),
                        "output_format",
                        "jpeg",
                        "steps",
                        2))
                .build());

        assertThat(edited.isError()).as("%s", edited).isFalse();
        McpSchema.ImageContent image = (McpSchema.ImageContent) edited.content().getFirst();
        assertThat(image.mimeType()).isEqualTo("image/jpeg");
        BufferedImage decoded =
                ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(image.data())));
        assertThat(decoded.getWidth()).isEqualTo(64);
        McpSchema.ResourceLink link = (McpSchema.ResourceLink) edited.content().get(1);
        assertThat(link.uri()).contains(".jpg?expires=");
        assertThat(Wire.getBytes(link.uri()).body())
                .isEqualTo(Base64.getDecoder().decode(image.data()));

        McpSchema.CallToolResult noImages = client.callTool(McpSchema.CallToolRequest.builder()
                .name("edit_image")
                .arguments(Map.of("prompt", "snow"))
                .build());
        assertThat(noImages.isError()).isTrue();
        assertThat(((McpSchema.TextContent) noImages.content().getFirst()).text())
                .isEqualTo(imagesApiEditMessage("{\"prompt\":\"snow\"}"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> required(McpSchema.Tool tool) {
        return (List<String>) tool.inputSchema().get("required");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(McpSchema.Tool tool) {
        return (Map<String, Object>) tool.inputSchema().get("properties");
    }

    private String toolError(Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder()
                .name("generate_image")
                .arguments(arguments)
                .build());
        assertThat(result.isError()).as("%s", result).isTrue();
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    /** What POST /v1/images/generations answers the same body: its error message. */
    private static String imagesApiMessage(String body) {
        HttpResponse<String> response = Wire.postJson(server, "/v1/images/generations", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return Wire.json(response.body()).get("error").get("message").asString();
    }

    private static String imagesApiEditMessage(String body) {
        HttpResponse<String> response = Wire.postJson(server, "/v1/images/edits", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return Wire.json(response.body()).get("error").get("message").asString();
    }
}
