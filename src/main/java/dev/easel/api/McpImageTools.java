package dev.easel.api;

import dev.easel.engine.GeneratedImage;
import dev.easel.images.ImageService;
import dev.easel.images.ImageTaskListener;
import dev.easel.images.QueueFullException;
import dev.easel.store.BlobStore;
import dev.easel.wire.ApiException;
import dev.easel.wire.Ids;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The MCP tools {@code generate_image} and {@code edit_image}: the Images API's requests with
 * the arguments as the body, run on the same engine queue. A result carries, per image, the
 * image itself and a {@code resource_link} to the stored file ({@code /v1/images/files/…}, the
 * same bytes), then a line saying what was made. A mistake in the arguments, a full queue, a
 * cancel or a failed run is a tool execution error ({@code isError}) with the Images API's
 * message. With a progress token, one progress notification per denoising step (progress counts
 * steps over all images). Handlers run on the SDK's worker threads and block until the images
 * are made.
 */
final class McpImageTools {
    private static final Logger log = LoggerFactory.getLogger(McpImageTools.class);

    private final ImageService images;
    private final BlobStore blobs;
    private final Ids ids;
    private final EditInputs editInputs;
    private final McpCalls calls;

    private final ImageUrls urls;

    private final RateLimits rates;

    McpImageTools(
            ApiServer.Services services, ApiServer.Limits limits, McpCalls calls, ImageUrls urls, RateLimits rates) {
        this.urls = urls;
        this.rates = rates;
        this.images = services.images();
        this.blobs = services.urlImages();
        this.ids = services.ids();
        this.editInputs = new EditInputs(limits, services.fetcher());
        this.calls = calls;
    }

    List<McpServerFeatures.SyncToolSpecification> specifications() {
        return List.of(
                new McpServerFeatures.SyncToolSpecification(
                        McpToolSchemas.generate(), (exchange, call) -> run(exchange, call, false)),
                new McpServerFeatures.SyncToolSpecification(
                        McpToolSchemas.edit(), (exchange, call) -> run(exchange, call, true)));
    }

    private McpSchema.CallToolResult run(McpSyncServerExchange exchange, McpSchema.CallToolRequest call, boolean edit) {
        try {
            JsonNode arguments = arguments(call.arguments(), edit);
            ImageCall prepared = edit
                    ? ImageCall.edit(
                            images, ids, editInputs.as(caller(exchange)).json(arguments))
                    : ImageCall.generation(images, ids, read(arguments));
            // The tools make images as the Images API does, so they count against the same minute.
            rates.images(caller(exchange), prepared.request().n(), (name, value) -> {});
            return generate(exchange, call, prepared);
        } catch (ApiException e) {
            return failure(e.getMessage());
        } catch (QueueFullException e) {
            return failure(e.getMessage() + " Retry after " + e.retryAfterSeconds() + " s.");
        }
    }

    /** The caller the MCP request authenticated as (McpServlet put it in the transport context). */
    private static dev.easel.auth.Caller caller(McpSyncServerExchange exchange) {
        Object caller = exchange.transportContext().get(Auth.CALLER);
        if (caller instanceof dev.easel.auth.Caller c) {
            return c;
        }
        throw new IllegalStateException("no caller in the MCP transport context");
    }

    private static ImageRequest read(JsonNode arguments) {
        Fields fields = new Fields.JsonFields(arguments);
        ImageRequest request = ImageRequest.read(fields, false);
        fields.rejectUnknown();
        return request;
    }

    /** The arguments as an Images API body; names outside the tool's schema (stream, response_format, ...) are refused. */
    private static JsonNode arguments(Map<String, Object> arguments, boolean edit) {
        JsonNode node = Json.MAPPER.valueToTree(arguments == null ? Map.of() : arguments);
        Set<String> known = McpToolSchemas.names(edit);
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                throw ApiException.unknownParameter(name);
            }
        }
        return node;
    }

    private McpSchema.CallToolResult generate(
            McpSyncServerExchange exchange, McpSchema.CallToolRequest call, ImageCall prepared) {
        Object token = call.meta() == null ? null : call.meta().get("progressToken");
        ImageTaskListener listener = token == null ? ImageTaskListener.NONE : new Progress(exchange, token, prepared);
        Object requestId = exchange.transportContext().get(McpServlet.REQUEST_ID);
        McpCalls.Key key = new McpCalls.Key(exchange.sessionId(), String.valueOf(requestId));
        List<GeneratedImage> results;
        try (McpCalls.Call running = calls.start(key)) {
            try {
                results = images.submit(prepared.task(), listener, running.token())
                        .join();
            } catch (CompletionException e) {
                return failure(Requests.engineFailure(e.getCause()).getMessage());
            }
        }
        return result(prepared, results);
    }

    private McpSchema.CallToolResult result(ImageCall prepared, List<GeneratedImage> results) {
        ImageOutput output = prepared.output();
        String mime = prepared.request().outputFormat().mimeType();
        List<McpSchema.Content> content = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        for (GeneratedImage image : results) {
            byte[] bytes = output.encode(image);
            String name;
            try {
                name = blobs.put(bytes, prepared.request().outputFormat().extension());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            content.add(new McpSchema.ImageContent(null, Base64.getEncoder().encodeToString(bytes), mime));
            content.add(McpSchema.ResourceLink.builder()
                    .name(name)
                    .uri(urls.url(name))
                    .mimeType(mime)
                    .size((long) bytes.length)
                    .build());
            seeds.add(image.seed());
        }
        content.add(new McpSchema.TextContent(results.size() + (results.size() == 1 ? " image" : " images") + ", "
                + prepared.plan().size() + " "
                + prepared.request().outputFormat().apiName() + ", "
                + prepared.plan().steps() + " steps, quality " + prepared.plan().quality() + ", seed"
                + (seeds.size() == 1 ? " " : "s ")
                + String.join(", ", seeds.stream().map(String::valueOf).toList())
                + "."));
        return McpSchema.CallToolResult.builder()
                .content(content)
                .isError(false)
                .build();
    }

    private static McpSchema.CallToolResult failure(String message) {
        return McpSchema.CallToolResult.builder()
                .addTextContent(message)
                .isError(true)
                .build();
    }

    /** Progress notifications, one per denoising step, on the engine's worker thread. */
    private record Progress(McpSyncServerExchange exchange, Object token, ImageCall prepared)
            implements ImageTaskListener {
        @Override
        public void onStep(int image, int step, int steps) {
            int n = prepared.task().jobs().size();
            try {
                exchange.progressNotification(new McpSchema.ProgressNotification(
                        token,
                        (double) image * steps + step,
                        (double) n * steps,
                        "image " + (image + 1) + " of " + n + ", step " + step + " of " + steps));
            } catch (RuntimeException e) {
                // A client that went away must not fail the run; its result is simply not read.
                log.debug("could not send MCP progress", e);
            }
        }
    }
}
