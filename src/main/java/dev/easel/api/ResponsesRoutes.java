package dev.easel.api;

import dev.easel.auth.Caller;
import dev.easel.responses.CreateResponse;
import dev.easel.responses.ResponsesService;
import dev.easel.store.EventCursor;
import dev.easel.store.Order;
import dev.easel.store.Page;
import dev.easel.store.StoredEvent;
import dev.easel.store.StoredItem;
import dev.easel.store.StoredResponse;
import dev.easel.wire.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Responses API routes. Every stream — the POST's own, a background run's, a resumed one —
 * is read from the response's event log, so they all carry the same events with the same
 * sequence numbers. A stream's follower thread hands the log's events to a bounded {@link
 * StreamBuffer} that the request thread writes out: a client that stops reading fills it, and its
 * stream ends (the POST's own stream cancels its run; a background run is detached and goes on).
 * A client that hangs up is heard on its connection at once, though nothing is being written.
 */
final class ResponsesRoutes {
    private static final Logger log = LoggerFactory.getLogger(ResponsesRoutes.class);
    /** How long a stream stays silent before a keep-alive comment (which also notices a client gone). */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final ResponsesService service;
    private final long streamBuffer;
    private final RateLimits rates;
    private final StorageQuota quota;

    /**
     * @param streamBuffer the characters of events a stream may hold for a client that reads slowly
     * @param rates the per-key limits (images per minute, open streams)
     * @param quota the per-key stored bytes, checked before a stored response is made
     */
    ResponsesRoutes(ResponsesService service, long streamBuffer, RateLimits rates, StorageQuota quota) {
        this.service = service;
        this.rates = rates;
        this.quota = quota;
        this.streamBuffer = streamBuffer;
    }

    void create(Context ctx) throws IOException, InterruptedException {
        CreateResponse request = ResponseRequestParser.parse(Requests.jsonObject(ctx));
        if (request.store()) {
            quota.check(Auth.caller(ctx), 0);
        }
        if (request.imageTool().isPresent()) {
            rates.images(ctx, 1);
        }
        RateLimits.Open open = request.stream() ? rates.stream(ctx) : () -> {};
        ResponsesService.Created created;
        try {
            created = service.create(request, Auth.caller(ctx));
        } catch (RuntimeException e) {
            open.close();
            throw e;
        }
        if (request.stream()) {
            boolean complete;
            try (open) {
                complete = stream(ctx, created.id(), -1);
            }
            if (!complete && !request.background()) {
                service.cancel(created.id());
            }
        } else if (request.background()) {
            json(ctx, Json.MAPPER.writeValueAsString(created.snapshot()));
        } else {
            json(ctx, service.await(created.id()).orElseThrow(() -> notFound(created.id())));
        }
        if (!request.store()) {
            service.await(created.id());
            service.delete(created.id());
        }
    }

    void retrieve(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        StoredResponse stored = visible(ctx, id);
        if (Boolean.parseBoolean(ctx.queryParam("stream"))) {
            long after = Optional.ofNullable(ctx.queryParam("starting_after"))
                    .map(ResponsesRoutes::cursor)
                    .orElse(-1L);
            try (RateLimits.Open open = rates.stream(ctx)) {
                stream(ctx, stored.id(), after);
            }
            return;
        }
        json(ctx, stored.json());
    }

    void delete(Context ctx) throws InterruptedException {
        String id = ctx.pathParam("id");
        visible(ctx, id);
        if (!service.delete(id)) {
            throw notFound(id);
        }
        ObjectNode body = Json.object();
        body.put("id", id);
        body.put("object", "response");
        body.put("deleted", true);
        json(ctx, Json.write(body));
    }

    void cancel(Context ctx) throws InterruptedException {
        String id = ctx.pathParam("id");
        StoredResponse stored = visible(ctx, id);
        json(ctx, service.cancelBackground(stored));
    }

    /** Easel extension: {@code GET /v1/responses/{id}/tree}, the conversation tree the response belongs to. */
    void tree(Context ctx) {
        String id = ctx.pathParam("id");
        visible(ctx, id);
        List<ResponsesService.TreeNode> nodes = service.tree(id);
        ObjectNode body = Json.object();
        body.put("object", "easel.response_tree");
        body.put("root", nodes.getFirst().response().id());
        body.put("focus", id);
        var data = body.putArray("nodes");
        for (ResponsesService.TreeNode node : nodes) {
            ObjectNode n = data.addObject();
            n.put("id", node.response().id());
            node.response()
                    .previousResponseId()
                    .ifPresentOrElse(p -> n.put("previous_response_id", p), () -> n.putNull("previous_response_id"));
            n.put("status", node.response().status());
            n.put("created_at", node.response().createdAt());
            var images = n.putArray("image_generation_call_ids");
            node.imageIds().forEach(images::add);
            var children = n.putArray("children");
            node.children().forEach(children::add);
        }
        json(ctx, Json.write(body));
    }

    /**
     * Easel extension: {@code GET /v1/responses}, the caller's stored responses (an admin key's: everyone's), as
     * OpenAI lists stored chat completions: {@code after}, {@code limit} (1-100, default 20), {@code order}
     * (default {@code desc}, newest first); each entry is the response object as {@code GET /v1/responses/{id}}
     * returns it. A page ends before {@code limit} (with {@code has_more}) once it holds 32 MiB of responses.
     */
    /** The most characters of responses one page of {@code GET /v1/responses} holds (it always holds one). */
    static final long LIST_PAGE_CHARS = 32L << 20;

    void list(Context ctx) {
        int limit = Optional.ofNullable(ctx.queryParam("limit"))
                .map(v -> bounded("limit", v, 1, 100))
                .orElse(20);
        Caller caller = Auth.caller(ctx);
        Page<StoredResponse> page = service.list(
                caller.isAdmin() ? Optional.empty() : Optional.of(caller.owner()),
                Optional.ofNullable(ctx.queryParam("after")),
                limit,
                order(ctx));
        // The stored JSON goes out as it is: no parse and re-write of every response's images. A page stops
        // early (has_more) once it holds LIST_PAGE_CHARS, so a key's many large images cannot make one body huge.
        List<StoredResponse> shown = page.data().subList(0, fitting(page.data(), LIST_PAGE_CHARS));
        long chars = shown.stream().mapToLong(r -> r.json().length()).sum();
        StringBuilder body = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 64, chars + 128));
        body.append("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < shown.size(); i++) {
            body.append(i == 0 ? "" : ",").append(shown.get(i).json());
        }
        body.append("],\"first_id\":")
                .append(shown.isEmpty() ? "null" : Json.write(shown.getFirst().id()))
                .append(",\"last_id\":")
                .append(shown.isEmpty() ? "null" : Json.write(shown.getLast().id()))
                .append(",\"has_more\":")
                .append(page.hasMore() || shown.size() < page.data().size())
                .append('}');
        json(ctx, body.toString());
    }

    /** How many of the responses, from the first, fit in {@code maxChars} of JSON; always at least one of them. */
    static int fitting(List<StoredResponse> responses, long maxChars) {
        long chars = 0;
        for (int i = 0; i < responses.size(); i++) {
            chars += responses.get(i).json().length();
            if (i > 0 && chars > maxChars) {
                return i;
            }
        }
        return responses.size();
    }

    private static Order order(Context ctx) {
        String orderText = Optional.ofNullable(ctx.queryParam("order")).orElse("desc");
        if (!List.of("asc", "desc").contains(orderText)) {
            throw ApiException.invalid("order", "Invalid 'order': expected 'asc' or 'desc'.");
        }
        return orderText.equals("asc") ? Order.ASC : Order.DESC;
    }

    void inputItems(Context ctx) {
        String id = ctx.pathParam("id");
        visible(ctx, id);
        int limit = Optional.ofNullable(ctx.queryParam("limit"))
                .map(v -> bounded("limit", v, 1, 100))
                .orElse(20);
        Page<StoredItem> page = service.inputItems(
                id,
                Optional.ofNullable(ctx.queryParam("after")),
                Optional.ofNullable(ctx.queryParam("before")),
                limit,
                order(ctx));
        ObjectNode body = Json.object();
        body.put("object", "list");
        var data = body.putArray("data");
        page.data().forEach(item -> data.add(Json.MAPPER.readTree(item.json())));
        if (page.data().isEmpty()) {
            body.putNull("first_id");
            body.putNull("last_id");
        } else {
            body.put("first_id", page.data().getFirst().id());
            body.put("last_id", page.data().getLast().id());
        }
        body.put("has_more", page.hasMore());
        json(ctx, Json.write(body));
    }

    /** How long a full stream may go without its client taking a byte before it is dropped (0.5 s). */
    static final long STALL_NANOS = 500_000_000L;

    /**
     * Streams the log from {@code after}; true when the terminal event was written, false when the
     * client went away or stopped reading (the buffer filled up).
     */
    private boolean stream(Context ctx, String id, long after) throws IOException {
        StreamBuffer buffer = new StreamBuffer(streamBuffer);
        Thread follower = Thread.ofVirtual().name("easel-stream-" + id).start(() -> follow(id, after, buffer));
        try (buffer) {
            StreamBuffer.Outcome outcome = buffer.drain(SseWriter.open(ctx));
            if (outcome == StreamBuffer.Outcome.OVERFLOW) {
                log.info("response {}: its stream's client stopped reading (stream_buffer_bytes filled up)", id);
            }
            return outcome == StreamBuffer.Outcome.COMPLETE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            follower.interrupt(); // it may be waiting for the next event of a stream that ended early
        }
    }

    /** The follower: the log's events into the buffer, in order, until the log ends or the stream stops. */
    private void follow(String id, long after, StreamBuffer buffer) {
        try (EventCursor cursor = service.follow(id, after)) {
            while (true) {
                Optional<StoredEvent> event = cursor.next(KEEP_ALIVE);
                if (event.isPresent()) {
                    // The follower may wait for a reading client; the run does not wait for it.
                    if (!buffer.offerWaiting(event.get().type(), event.get().json(), STALL_NANOS)) {
                        return;
                    }
                } else if (cursor.isFinished()) {
                    return;
                } else {
                    buffer.probe("keep-alive");
                }
            }
        } catch (InterruptedException e) {
            // the writer is done with the stream
        } finally {
            buffer.end();
        }
    }

    private static long cursor(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("starting_after", "'starting_after' must be an integer.");
        }
    }

    private static int bounded(String name, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the error below
        }
        throw ApiException.invalid(name, "'" + name + "' must be an integer from " + min + " to " + max + ".");
    }

    /** The response, if the caller may see it; another key's is "not found", so ids cannot be probed. */
    private StoredResponse visible(Context ctx, String id) {
        return service.find(id).filter(r -> Auth.caller(ctx).sees(r.owner())).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("Response with id '" + id + "' not found.");
    }

    private static void json(Context ctx, String body) {
        ctx.contentType("application/json").result(body);
    }
}
