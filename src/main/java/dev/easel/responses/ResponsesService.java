package dev.easel.responses;

import dev.easel.auth.Caller;
import dev.easel.engine.CancelToken;
import dev.easel.engine.EngineCaches;
import dev.easel.images.ImageFetcher;
import dev.easel.images.ImageService;
import dev.easel.json.Wire;
import dev.easel.media.Mask;
import dev.easel.store.EventCursor;
import dev.easel.store.EventLog;
import dev.easel.store.ItemRepository;
import dev.easel.store.ItemRole;
import dev.easel.store.Order;
import dev.easel.store.Page;
import dev.easel.store.ResponseRepository;
import dev.easel.store.StoredItem;
import dev.easel.store.StoredResponse;
import dev.easel.tools.ChartTool;
import dev.easel.tools.ConversationImage;
import dev.easel.tools.ImageGenerationTool;
import dev.easel.tools.McpConnections;
import dev.easel.tools.PlannerLoop;
import dev.easel.tools.Tool;
import dev.easel.tools.TurnContext;
import dev.easel.tools.WebSearchTool;
import dev.easel.tools.planner.DirectPlanner;
import dev.easel.tools.planner.Planner;
import dev.easel.tools.search.SearchProvider;
import dev.easel.tools.web.PageReader;
import dev.easel.wire.ApiException;
import dev.easel.wire.Ids;
import dev.easel.wire.ImageTool;
import dev.easel.wire.ResponseError;
import dev.easel.wire.ResponseErrorCode;
import dev.easel.wire.ResponseEvent;
import dev.easel.wire.ResponseObject;
import dev.easel.wire.ResponseStatus;
import dev.easel.wire.WebSearchSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Responses API without HTTP: creates responses (validating the context before anything
 * starts, so bad input is an ordinary 400), runs each turn on a virtual thread, and serves
 * snapshots, event streams (replay then live, from the one event log), cancellation, deletion and
 * input items. Thread-safe.
 */
public final class ResponsesService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResponsesService.class);

    /**
     * What the service works with.
     *
     * @param maxPixels the largest input image (width × height) a request may send
     */
    public record Parts(
            ResponseRepository responses,
            ItemRepository items,
            EventLog events,
            ImageService images,
            EngineCaches caches,
            Planners planners,
            ImageFetcher fetcher,
            McpConnections mcp,
            Optional<SearchProvider> search,
            Optional<PageReader> pages,
            long maxPixels,
            Clock clock,
            Ids ids,
            Membership membership) {}

    private final Parts parts;
    private final ResponseRepository responses;
    private final ItemRepository items;
    private final EventLog events;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    /** How long a node on a shared store lets its running responses end when it stops. */
    private static final java.time.Duration DRAIN = java.time.Duration.ofSeconds(30);

    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    /** How long a delete waits for the response's run to stop before it removes the response anyway. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    /**
     * A run in progress: its cancel flag, its thread (interrupted on cancel, to abort a waiting
     * planner call) and a latch released when the run has written its last.
     */
    private record Running(AtomicBoolean cancelled, AtomicReference<Thread> thread, CountDownLatch stopped) {
        void cancel() {
            cancelled.set(true);
            Thread t = thread.get();
            if (t != null) {
                t.interrupt();
            }
        }
    }

    public ResponsesService(Parts parts) {
        this.parts = parts;
        this.responses = parts.responses();
        this.items = parts.items();
        this.events = parts.events();
    }

    /** A response that has been accepted: its id and its first snapshot. */
    public record Created(String id, ResponseObject snapshot) {}

    /**
     * Validates the turn's context and tools, stores the response and its input, emits
     * {@code response.created} (and {@code response.queued} for background runs) and starts the run.
     *
     * @throws ApiException for input that cannot be served (nothing is stored then)
     */
    public Created create(CreateResponse request, Caller caller) {
        ImageFetcher fetcher = parts.fetcher().as(caller);
        Conversation conversation = Conversation.build(request, caller, responses, items, fetcher, parts.maxPixels());
        List<Tool> tools = new ArrayList<>();
        try {
            return create(request, caller, fetcher, conversation, tools);
        } catch (RuntimeException e) {
            // Nothing started: the MCP sessions opened for listing are closed again.
            tools.forEach(Tool::close);
            throw e;
        }
    }

    private Created create(
            CreateResponse request, Caller caller, ImageFetcher fetcher, Conversation conversation, List<Tool> tools) {
        Planner planner = parts.planners().forModel(request.model());
        if (request.imageTool().isPresent()) {
            ImageTool spec = request.imageTool().get();
            int index = request.imageToolIndex();
            ImageGenerationTool image = ImageGenerationTool.of(spec, index, parts.images(), parts.caches());
            tools.add(image);
            boolean edits =
                    !spec.action().equals("generate") && conversation.image().isPresent();
            if (edits && conversation.image().get().imageId().isEmpty()) {
                image.checkCanEncode();
            }
            if (edits) {
                image.checkReferences(conversation.references());
            }
            // With MCP tools, an image a tool returns may be the one to edit: checked when the call runs.
            if (spec.action().equals("edit")
                    && conversation.image().isEmpty()
                    && request.mcpTools().isEmpty()) {
                throw ApiException.invalid(
                        "tools[" + index + "].action",
                        "The image_generation tool's action is 'edit' but the conversation holds no image to edit.");
            }
        }
        TurnTools.mcp(
                request, conversation.mcp(), planner instanceof DirectPlanner, parts.mcp(), parts.maxPixels(), tools);
        if (request.webSearch().isPresent()) {
            CreateResponse.Indexed<WebSearchSpec> web = request.webSearch().get();
            SearchProvider provider = parts.search()
                    .orElseThrow(() -> ApiException.invalid(
                            "tools[" + web.index() + "].type",
                            "Web search is not configured on this server: set search.provider (EASEL_SEARCH_PROVIDER)"
                                    + " to searxng, brave, tavily or exa, with search.url (EASEL_SEARCH_URL) and"
                                    + " search.api_key (EASEL_SEARCH_API_KEY) as the provider needs."));
            tools.add(new WebSearchTool(
                    web.tool(), provider, parts.pages(), request.include().contains(WebSearchTool.SOURCES)));
        }
        TurnTools.order(request, tools);
        // Exact charts come with the image tool: numbers drawn right, as an image_generation_call.
        request.imageTool()
                .ifPresent(
                        image -> tools.add(new ChartTool(image, parts.images().files())));
        Optional<Mask> mask = request.imageTool()
                .flatMap(ImageTool::mask)
                .map(source -> Conversation.decodeMask(
                        fetcher.fetch(source, EditChecks.imageParam(request, "input_image_mask")),
                        parts.maxPixels(),
                        EditChecks.imageParam(request, "input_image_mask")));
        Optional<ConversationImage> image = EditChecks.checkedImage(request, conversation.image(), mask);
        ResponseState state = new ResponseState(
                parts.ids().response(), parts.clock().instant().getEpochSecond(), request, caller.owner());
        ResponseRecorder recorder = new ResponseRecorder(responses, items, parts.ids());
        // Held before it is stored, so that a stored response always has a holder until it ends (see Membership).
        parts.membership().claim(state.id);
        try {
            recorder.insert(state);
        } catch (RuntimeException e) {
            parts.membership().release(state.id);
            throw e;
        }
        EventSink sink = new EventSink(state.id, events);
        try {
            ResponseObject first = state.snapshot();
            sink.emit(new ResponseEvent.Created(first));
            if (request.background()) {
                sink.emit(new ResponseEvent.Queued(first));
            }
            AtomicBoolean cancelled = new AtomicBoolean();
            CancelToken token = cancelled::get;
            Running handle = new Running(cancelled, new AtomicReference<>(), new CountDownLatch(1));
            running.put(state.id, handle);
            PlannerLoop loop =
                    new PlannerLoop(planner, tools, TurnTools.choice(request, tools), request.maxToolCalls());
            TurnContext turn = new TurnContext(
                    conversation.messages(),
                    image,
                    mask,
                    conversation.references(),
                    token,
                    new RunSink(state, sink, recorder),
                    parts.ids());
            ResponseRun run = new ResponseRun(
                    state, new ResponseRun.Parts(loop, turn, sink, recorder, shuttingDown::get, parts.clock()));
            runs.execute(() -> {
                handle.thread().set(Thread.currentThread());
                try {
                    run.run();
                } finally {
                    running.remove(state.id);
                    releaseEnded(state.id, request.store());
                    handle.stopped().countDown();
                }
            });
            return new Created(state.id, first);
        } catch (RuntimeException e) {
            failBeforeStart(state, sink, recorder, e);
            throw e;
        }
    }

    /**
     * Stored, but its run could not be started: marked failed and its log finished, so that no
     * stored response waits in progress for a run that never comes, and no stream of it waits
     * forever. Each step is tried even when the one before it fails.
     */
    private void failBeforeStart(ResponseState state, EventSink sink, ResponseRecorder recorder, RuntimeException e) {
        log.error("response {} failed before its run started", state.id, e);
        running.remove(state.id);
        state.status = ResponseStatus.FAILED;
        state.error = Optional.of(new ResponseError(
                ResponseErrorCode.SERVER_ERROR, "The server had an error before this response could start."));
        try {
            recorder.snapshot(state);
            sink.emit(new ResponseEvent.Failed(state.snapshot()));
        } catch (RuntimeException unrecorded) {
            log.error("response {}: its failure could not be recorded either", state.id, unrecorded);
        } finally {
            sink.finish();
            releaseEnded(state.id, state.request.store());
        }
    }

    /** The stored snapshot, as JSON text. */
    public Optional<String> snapshot(String id) {
        return responses.find(id).map(StoredResponse::json);
    }

    /**
     * Waits for the run to end and returns the final snapshot; empty when the response was
     * deleted meanwhile.
     */
    public Optional<String> await(String id) throws InterruptedException {
        try (EventCursor cursor = events.follow(id, -1)) {
            while (cursor.next(Duration.ofSeconds(1)).isPresent() || !cursor.isFinished()) {
                // drain: the snapshot is final once the log is finished
            }
        }
        return snapshot(id);
    }

    /** Replays the events after {@code startingAfter}, then follows the live run until its terminal event. */
    public EventCursor follow(String id, long startingAfter) {
        return events.follow(id, startingAfter);
    }

    /**
     * Asks a running response to stop, on this node or (through the store) on the one running it; true if it was
     * running. Its terminal event follows.
     */
    public boolean cancel(String id) {
        Running run = running.get(id);
        if (run == null) {
            return parts.membership().requestCancel(id);
        }
        run.cancel();
        return true;
    }

    /** Cancels a run of this node, if it still runs (another node asked). */
    private void cancelHere(String id) {
        Running run = running.get(id);
        if (run != null) {
            run.cancel();
        }
    }

    /** A run ended: a stored response is let go; a {@code store: false} one stays held until it is deleted. */
    private void releaseEnded(String id, boolean store) {
        if (store) {
            try {
                parts.membership().release(id);
            } catch (RuntimeException e) {
                // Still held by this node: ended, so when the node stops another finds nothing to do but let go.
                log.warn("response {}: could not let go of its run: {}", id, e.toString());
            }
        }
    }

    /**
     * {@code POST /v1/responses/{id}/cancel} as OpenAI has it: a running (or queued) background
     * response is stopped and its final snapshot returned; cancelling it again, while it stops or
     * after, returns the same; a response that ended otherwise cannot be cancelled.
     *
     * @throws ApiException 400 for a response not created with {@code background: true}, or one
     *     that already completed, failed or ended incomplete; 404 when it is deleted while the
     *     cancel waits for it to stop
     */
    public String cancelBackground(StoredResponse stored) throws InterruptedException {
        if (!stored.background()) {
            throw ApiException.invalid(null, "Only responses created with background=true can be cancelled.");
        }
        cancel(stored.id());
        String json = await(stored.id())
                .orElseThrow(() -> ApiException.notFound("Response with id '" + stored.id() + "' not found."));
        ResponseStatus status =
                ResponseStatus.fromWire(Wire.read(json).path("status").asString());
        if (status != ResponseStatus.CANCELLED) {
            throw ApiException.invalid(null, "Cannot cancel a " + status.wire().replace('_', ' ') + " response.");
        }
        return json;
    }

    public Optional<StoredResponse> find(String id) {
        return responses.find(id);
    }

    /** One page of the stored responses, one owner's or (empty) everyone's: see {@link ResponseRepository#list}. */
    public Page<StoredResponse> list(Optional<String> owner, Optional<String> after, int limit, Order order) {
        return responses.list(owner, after, limit, order);
    }

    /**
     * Deletes a response with its items and events. A running one is cancelled first and its run
     * given time to stop, so that it writes nothing after the response is gone.
     */
    public boolean delete(String id) throws InterruptedException {
        Running run = running.get(id);
        if (run != null) {
            run.cancel();
            if (!run.stopped().await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("response {} did not stop within {} s of its deletion", id, STOP_WAIT.toSeconds());
            }
        } else {
            parts.membership().requestCancel(id); // a run on another node stops when it finds the response gone
        }
        events.discard(id);
        List<StoredItem> images = items.items(id, ItemRole.OUTPUT).stream()
                .filter(item -> item.type().equals("image_generation_call"))
                .toList();
        boolean deleted = responses.delete(id);
        parts.membership().release(id);
        // What an edit would have started from goes with the images: nothing of a deleted response stays.
        List<String> models = parts.images().models().localModels();
        for (StoredItem image : images) {
            try {
                parts.caches().forgetImage(image.id(), pixels(image), models);
            } catch (RuntimeException e) {
                // The response is gone; a latents file left behind is the LRU's to drop.
                log.warn("could not delete the latents of image {}: {}", image.id(), e.toString());
            }
        }
        return deleted;
    }

    /** The pixels of a stored image_generation_call's result, if it has one that decodes. */
    private Optional<dev.easel.media.RgbImage> pixels(StoredItem image) {
        tools.jackson.databind.JsonNode result =
                dev.easel.json.Wire.read(image.json()).path("result");
        if (!result.isString()) {
            return Optional.empty();
        }
        try {
            return Optional.of(dev.easel.media.ImageDecoder.decode(
                    java.util.Base64.getDecoder().decode(result.asString()), parts.maxPixels()));
        } catch (dev.easel.media.ImageDecodeException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A response of a conversation tree, with the responses that continue it. */
    public record TreeNode(StoredResponse response, List<String> imageIds, List<String> children) {}

    /**
     * The whole conversation tree that {@code id} belongs to: from its root (the first response of
     * its chain) down every branch (responses continuing the same response), breadth first.
     */
    public List<TreeNode> tree(String id) {
        StoredResponse node = responses.find(id).orElseThrow();
        for (int hops = 0; node.previousResponseId().isPresent() && hops < 1000; hops++) {
            Optional<StoredResponse> parent =
                    responses.find(node.previousResponseId().get());
            if (parent.isEmpty()) {
                break;
            }
            node = parent.get();
        }
        List<TreeNode> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<StoredResponse> queue = new java.util.ArrayDeque<>(List.of(node));
        while (!queue.isEmpty() && out.size() < 10_000) {
            StoredResponse r = queue.removeFirst();
            List<StoredResponse> children = responses.children(r.id());
            List<String> images = items.items(r.id(), ItemRole.OUTPUT).stream()
                    .filter(i -> i.type().equals("image_generation_call"))
                    .map(StoredItem::id)
                    .toList();
            out.add(new TreeNode(
                    r, images, children.stream().map(StoredResponse::id).toList()));
            queue.addAll(children);
        }
        return out;
    }

    public Page<StoredItem> inputItems(
            String id, Optional<String> after, Optional<String> before, int limit, Order order) {
        return items.page(id, ItemRole.INPUT, after, before, limit, order);
    }

    /**
     * Joins the nodes that share the store ({@link Membership}): ends the responses an earlier start of this node
     * or a node that died left queued or in progress, now and whenever another node dies.
     */
    public void join() {
        AbandonedRuns abandoned = new AbandonedRuns(responses, events, parts.membership());
        parts.membership().start(abandoned::end, this::cancelHere);
    }

    /**
     * With other nodes on the store, lets the running responses end for up to {@link #DRAIN}: their clients,
     * cut off as this node's HTTP server stops, reconnect to another node and read the rest from the log.
     */
    private void drain() {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        try {
            while (!running.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shuttingDown.set(true);
        if (parts.membership().shared()) {
            drain();
        }
        running.values().forEach(Running::cancel);
        runs.shutdown();
        try {
            if (!runs.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("{} responses were still running at shutdown", running.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            parts.membership().close(); // after the runs ended, so that no other node takes over one still ending
        }
    }
}
