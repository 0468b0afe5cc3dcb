package dev.easel.responses;

import dev.easel.engine.CancelToken;
import dev.easel.engine.GenerationCancelledException;
import dev.easel.engine.Mask;
import dev.easel.json.Wire;
import dev.easel.wire.ApiException;
import dev.easel.tools.planner.ChatMessage;
import dev.easel.tools.planner.FunctionSpec;
import dev.easel.tools.planner.Planner;
import dev.easel.tools.planner.PlannerException;
import dev.easel.tools.planner.PlannerReply;
import dev.easel.tools.planner.ToolCall;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One turn: the planner loop (the planner answers with text and/or tool calls; each
 * image_generation call runs through the engine; the loop ends at a reply without tool calls or at
 * {@link #MAX_STEPS}), emitting every state change as an event and keeping the store's copy of
 * the response current. Runs on its own (virtual) thread.
 */
final class ResponseRun implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ResponseRun.class);
    static final int MAX_STEPS = 8;
    static final FunctionSpec IMAGE_FUNCTION = new FunctionSpec(
            "image_generation",
            "Generate an image, or edit the latest image in the conversation. Write a complete, detailed "
                    + "description of the picture to make as the prompt.",
            "{\"type\":\"object\",\"properties\":{\"prompt\":{\"type\":\"string\","
                    + "\"description\":\"A detailed description of the image\"}},\"required\":[\"prompt\"]}");

    private final ResponseState state;
    private final Conversation conversation;
    private final Planner planner;
    private final ImageCallRunner images;
    private final Optional<Mask> mask;
    private final EventSink sink;
    private final ResponseRecorder recorder;
    private final CancelToken cancel;
    private final java.util.function.BooleanSupplier shuttingDown;
    private final Clock clock;
    private int plannerIn;
    private int plannerOut;
    private int imageIn;
    private int imageOut;
    private int cachedIn;

    ResponseRun(
            ResponseState state,
            Conversation conversation,
            Planner planner,
            ImageCallRunner images,
            Optional<Mask> mask,
            EventSink sink,
            ResponseRecorder recorder,
            CancelToken cancel,
            java.util.function.BooleanSupplier shuttingDown,
            Clock clock) {
        this.state = state;
        this.conversation = conversation;
        this.planner = planner;
        this.images = images;
        this.mask = mask;
        this.sink = sink;
        this.recorder = recorder;
        this.cancel = cancel;
        this.shuttingDown = shuttingDown;
        this.clock = clock;
    }

    /**
     * Runs the turn. A response deleted while it runs has no log or row left to write to: the run
     * then stops at its next write, quietly.
     */
    @Override
    public void run() {
        try {
            turn();
        } catch (IllegalStateException | java.util.NoSuchElementException gone) {
            log.debug("response {} stopped after it was deleted: {}", state.id, gone.getMessage());
        }
    }

    private void turn() {
        try {
            if (state.status.equals("queued")) {
                state.status = "in_progress";
                recorder.snapshot(state);
            }
            sink.lifecycle("response.in_progress", state);
            loop();
        } catch (GenerationCancelledException e) {
            stopped();
        } catch (PlannerException e) {
            if (cancel.isCancelled()) {
                // A cancel interrupts the planner call; that is not the planner's failure.
                stopped();
            } else {
                log.warn("response {}: planner failed: {}", state.id, e.getMessage());
                fail("server_error", plannerMessage(e));
            }
        } catch (ApiException e) {
            fail("invalid_prompt", e.getMessage());
        } catch (RuntimeException e) {
            log.error("response {} failed", state.id, e);
            fail("server_error", "The server had an error processing your request.");
        } finally {
            Thread.interrupted(); // a cancel's interrupt must not disturb the final writes
            finish();
        }
    }

    /** A cancelled run: by its client, or by a server shutting down (then it failed, as after a crash). */
    private void stopped() {
        if (shuttingDown.getAsBoolean()) {
            // As after a crash (see ResponsesService.recoverAfterRestart): failed, no error event.
            state.status = "failed";
            ObjectNode error = Wire.object();
            error.put("code", "server_error");
            error.put("message", "The server shut down (it restarted) while this response was running; run it again.");
            state.error = Optional.of(error);
        } else {
            state.status = "cancelled";
        }
    }

    /**
     * What the client is told when the planner fails: the kind of failure and the planner's own
     * error text, but not the endpoint's address (the operator's network is not the client's
     * business; the server log has the details).
     */
    static String plannerMessage(PlannerException e) {
        return switch (e.kind()) {
            case UNREACHABLE -> "The planner failed: its endpoint could not be reached.";
            case TIMEOUT -> "The planner failed: it did not answer in time.";
            case BAD_RESPONSE -> "The planner failed: its answer could not be understood.";
            case HTTP_ERROR ->
                "The planner failed: " + e.getMessage().replaceAll("https?://[^\\s,;)]+", "the planner endpoint");
        };
    }

    private void loop() throws PlannerException {
        List<ChatMessage> messages = new ArrayList<>(conversation.messages());
        List<FunctionSpec> functions =
                state.request.imageTool().isPresent() && !(state.request.toolChoice() instanceof ToolChoice.None)
                        ? List.of(IMAGE_FUNCTION)
                        : List.of();
        for (int step = 0; step < MAX_STEPS; step++) {
            checkCancel();
            PlannerReply reply = planner.next(messages, functions, choice(step));
            plannerIn += reply.usage().inputTokens();
            plannerOut += reply.usage().outputTokens();
            checkCancel(); // a cancel that came while the planner was answering wins over its answer
            if (reply.toolCalls().isEmpty()) {
                message(reply.text());
                state.status = "completed";
                return;
            }
            messages.add(new ChatMessage.Assistant(reply.text(), reply.toolCalls()));
            for (ToolCall call : reply.toolCalls()) {
                checkCancel();
                messages.add(new ChatMessage.ToolResult(call.id(), execute(call, messages)));
            }
        }
        state.status = "incomplete";
        state.incompleteReason = Optional.of("max_tool_calls");
    }

    private String execute(ToolCall call, List<ChatMessage> messages) {
        if (!call.name().equals("image_generation") || state.request.imageTool().isEmpty()) {
            return "error: there is no tool named '" + call.name() + "'";
        }
        String prompt = prompt(call, messages);
        ImageCallRunner.Result result = images.run(
                state.request.imageTool().get(),
                prompt,
                conversation
                        .image()
                        .map(p -> new ImageCallRunner.Source(p.pixels().get(), p.imageId())),
                mask,
                state.output.size(),
                sink,
                cancel);
        state.output.add(result.item());
        recorder.output(state, result.item());
        imageIn += result.inputImageTokens();
        cachedIn += result.cachedImageTokens();
        imageOut += result.outputImageTokens();
        return "The image was generated (" + result.item().id() + ", "
                + result.item().size() + ") and is shown to the user. Do not repeat it; answer briefly.";
    }

    /** The planner's prompt argument, or the user's latest words when the planner sent none. */
    private static String prompt(ToolCall call, List<ChatMessage> messages) {
        try {
            JsonNode args = Wire.read(call.argumentsJson());
            if (args.path("prompt").isString() && !args.get("prompt").asString().isBlank()) {
                return args.get("prompt").asString();
            }
        } catch (RuntimeException e) {
            // fall through: malformed arguments from the planner are not the user's fault
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof ChatMessage.User u && !u.text().isBlank()) {
                return u.text();
            }
        }
        throw ApiException.invalid("input", "invalid_prompt", "There is no text to make an image from.");
    }

    /** The request's tool_choice applies to the first round; later rounds are free to answer. */
    private dev.easel.tools.planner.ToolChoice choice(int step) {
        if (step > 0) {
            return new dev.easel.tools.planner.ToolChoice.Auto();
        }
        return switch (state.request.toolChoice()) {
            case ToolChoice.Auto() -> new dev.easel.tools.planner.ToolChoice.Auto();
            case ToolChoice.None() -> new dev.easel.tools.planner.ToolChoice.None();
            case ToolChoice.Required() -> new dev.easel.tools.planner.ToolChoice.Required();
            case ToolChoice.ImageGeneration() -> new dev.easel.tools.planner.ToolChoice.Named("image_generation");
        };
    }

    /** Emits an assistant message item with its text (one delta), as OpenAI's event sequence has it. */
    private void message(String text) {
        String id = Ids.message();
        int index = state.output.size();
        sink.emit("response.output_item.added", e -> {
            e.put("output_index", index);
            e.set("item", OutputItem.Message.added(id));
        });
        sink.itemEvent("response.content_part.added", index, id, e -> {
            e.put("content_index", 0);
            e.set("part", OutputItem.Message.part(""));
        });
        if (!text.isEmpty()) {
            sink.itemEvent("response.output_text.delta", index, id, e -> {
                e.put("content_index", 0);
                e.put("delta", text);
                e.putArray("logprobs");
            });
        }
        sink.itemEvent("response.output_text.done", index, id, e -> {
            e.put("content_index", 0);
            e.put("text", text);
            e.putArray("logprobs");
        });
        sink.itemEvent("response.content_part.done", index, id, e -> {
            e.put("content_index", 0);
            e.set("part", OutputItem.Message.part(text));
        });
        OutputItem.Message item = new OutputItem.Message(id, "completed", text);
        ObjectNode done = item.toJson();
        sink.emit("response.output_item.done", e -> {
            e.put("output_index", index);
            e.set("item", done);
        });
        state.output.add(item);
        recorder.output(state, item);
    }

    private void checkCancel() {
        if (cancel.isCancelled()) {
            throw new GenerationCancelledException(0);
        }
    }

    private void fail(String code, String message) {
        state.status = "failed";
        ObjectNode error = Wire.object();
        error.put("code", code);
        error.put("message", message);
        state.error = Optional.of(error);
        ObjectNode nested = Wire.object();
        nested.put("type", code.equals("server_error") ? "server_error" : "invalid_request_error");
        nested.put("code", code);
        nested.put("message", message);
        nested.putNull("param");
        sink.emit("error", e -> {
            e.set("error", nested);
            e.put("code", code);
            e.put("message", message);
            e.putNull("param");
        });
    }

    private void finish() {
        if (state.status.equals("completed")) {
            state.completedAt = Optional.of(clock.instant().getEpochSecond());
        }
        state.usage = Optional.of(new ResponseState.Usage(plannerIn + imageIn, cachedIn, plannerOut + imageOut));
        recorder.snapshot(state);
        String type = switch (state.status) {
            case "completed" -> "response.completed";
            case "incomplete" -> "response.incomplete";
            case "cancelled" -> "response.cancelled";
            default -> "response.failed";
        };
        sink.lifecycle(type, state);
        sink.finish();
    }
}
