package dev.easel.responses;

import dev.easel.engine.CancelToken;
import dev.easel.engine.EngineCaches;
import dev.easel.engine.Mask;
import dev.easel.json.Wire;
import dev.easel.store.EventCursor;
import dev.easel.store.EventLog;
import dev.easel.store.ItemRepository;
import dev.easel.store.ItemRole;
import dev.easel.store.Order;
import dev.easel.store.Page;
import dev.easel.store.ResponseRepository;
import dev.easel.store.StoredItem;
import dev.easel.store.StoredResponse;
import dev.easel.tools.ImageService;
import dev.easel.wire.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Responses API without HTTP: creates responses (validating the context before anything
 * starts, so bad input is an ordinary 400), runs each turn on a virtual thread, and serves
 * snapshots, event streams (replay then live, from the one event log), cancellation, deletion and
 * input items. Thread-safe.
 */
public final class ResponsesService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResponsesService.class);

    private final ResponseRepository responses;
    private final ItemRepository items;
    private final EventLog events;
    private final ImageCallRunner images;
    private final Planners planners;
    private final ImageFetcher fetcher;
    private final long maxPixels;
    private final Clock clock;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    /** A run in progress: its cancel flag and its thread (interrupted on cancel, to abort a waiting planner call). */
    private record Running(AtomicBoolean cancelled, java.util.concurrent.atomic.AtomicReference<Thread> thread) {
        void cancel() {
            cancelled.set(true);
            Thread t = thread.get();
            if (t != null) {
                t.interrupt();
            }
        }
    }

    public ResponsesService(
            ResponseRepository responses,
            ItemRepository items,
            EventLog events,
            ImageService imageService,
            EngineCaches caches,
            Planners planners,
            ImageFetcher fetcher,
            long maxPixels,
            Clock clock) {
        this.responses = responses;
        this.items = items;
        this.events = events;
        this.images = new ImageCallRunner(imageService, caches);
        this.planners = planners;
        this.fetcher = fetcher;
        this.maxPixels = maxPixels;
        this.clock = clock;
    }

    /** A response that has been accepted: its id and its first snapshot. */
    public record Created(String id, ObjectNode snapshot) {}

    /**
     * Validates the turn's context, stores the response and its input, emits
     * {@code response.created} (and {@code response.queued} for background runs) and starts the run.
     *
     * @throws ApiException for input that cannot be served (nothing is stored then)
     */
    public Created create(CreateResponse request) {
        Conversation conversation = Conversation.build(request, responses, items, fetcher, maxPixels);
        Optional<Mask> mask = request.imageTool()
                .flatMap(ImageTool::mask)
                .map(source -> Conversation.decodeMask(fetcher.fetch(source, "tools[0].input_image_mask"), maxPixels));
        ResponseState state = new ResponseState(Ids.response(), clock.instant().getEpochSecond(), request);
        ResponseRecorder recorder = new ResponseRecorder(responses, items);
        recorder.insert(state);
        EventSink sink = new EventSink(state.id, events);
        ObjectNode first = state.toJson();
        sink.lifecycle("response.created", state);
        if (request.background()) {
            sink.lifecycle("response.queued", state);
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        CancelToken token = cancelled::get;
        Running handle = new Running(cancelled, new java.util.concurrent.atomic.AtomicReference<>());
        running.put(state.id, handle);
        runs.execute(() -> {
            handle.thread().set(Thread.currentThread());
            try {
                new ResponseRun(
                                state,
                                conversation,
                                planners.forModel(request.model()),
                                images,
                                mask,
                                sink,
                                recorder,
                                token,
                                shuttingDown::get,
                                clock)
                        .run();
            } finally {
                running.remove(state.id);
            }
        });
        return new Created(state.id, first);
    }

    /** The stored snapshot, as JSON text. */
    public Optional<String> snapshot(String id) {
        return responses.find(id).map(StoredResponse::json);
    }

    /** Waits for the run to end and returns the final snapshot. */
    public String await(String id) throws InterruptedException {
        try (EventCursor cursor = events.follow(id, -1)) {
            while (cursor.next(Duration.ofSeconds(1)).isPresent() || !cursor.isFinished()) {
                // drain: the snapshot is final once the log is finished
            }
        }
        return snapshot(id).orElseThrow();
    }

    /** Replays the events after {@code startingAfter}, then follows the live run until its terminal event. */
    public EventCursor follow(String id, long startingAfter) {
        return events.follow(id, startingAfter);
    }

    /** Asks a running response to stop; true if it was running. Its terminal event follows. */
    public boolean cancel(String id) {
        Running run = running.get(id);
        if (run == null) {
            return false;
        }
        run.cancel();
        return true;
    }

    public Optional<StoredResponse> find(String id) {
        return responses.find(id);
    }

    /** Deletes a response with its items and events; a running one is cancelled first. */
    public boolean delete(String id) {
        cancel(id);
        events.discard(id);
        return responses.delete(id);
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
     * After a restart nothing is running: responses left queued or in progress are marked failed
     * with an explanation, and their streams ended, so no client waits for them forever.
     */
    public void recoverAfterRestart() {
        for (StoredResponse r : responses.unfinished()) {
            ObjectNode json = (ObjectNode) Wire.read(r.json());
            json.put("status", "failed");
            ObjectNode error = json.putObject("error");
            error.put("code", "server_error");
            error.put(
                    "message",
                    "The server restarted while this response was " + r.status().replace('_', ' ') + "; run it again.");
            responses.update(new StoredResponse(
                    r.id(),
                    "failed",
                    r.createdAt(),
                    r.previousResponseId(),
                    r.background(),
                    r.store(),
                    Wire.write(json)));
            EventSink sink = new EventSink(r.id(), events);
            sink.emit("response.failed", e -> e.set("response", json));
            sink.finish();
            log.warn("response {} was {} when the server stopped; marked failed", r.id(), r.status());
        }
    }

    @Override
    public void close() {
        shuttingDown.set(true);
        running.values().forEach(Running::cancel);
        runs.shutdown();
        try {
            if (!runs.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                log.warn("{} responses were still running at shutdown", running.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
