package dev.easel.tools;

import dev.easel.engine.GenerationCancelledException;
import dev.easel.tools.planner.ChatMessage;
import dev.easel.tools.planner.FunctionSpec;
import dev.easel.tools.planner.Planner;
import dev.easel.tools.planner.PlannerException;
import dev.easel.tools.planner.PlannerReply;
import dev.easel.tools.planner.ToolCall;
import dev.easel.tools.planner.ToolChoice;
import dev.easel.wire.ItemStatus;
import dev.easel.wire.OutputItem;
import dev.easel.wire.ResponseEvent;
import dev.easel.wire.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One turn: the planner answers with text and/or tool calls; each call runs its {@link Tool}; the
 * loop ends at a reply without tool calls, whose text becomes the message item. Tool calls are
 * capped as OpenAI caps built-in tool calls with {@code max_tool_calls}: once the turn has made
 * that many (the request's {@code max_tool_calls}, at most {@link #MAX_TOOL_CALLS}), further calls
 * are not run (the planner is told so), and the planner is asked for its final answer with
 * {@code tool_choice: none}; tool calls in that answer are ignored. So a turn always ends with a
 * message, after at most cap + 1 planner rounds. Runs on the response's thread; a cancel is seen
 * between steps (and interrupts a waiting planner call or image job).
 */
public final class PlannerLoop implements AutoCloseable {
    /** The most tool calls a turn makes when the request sets no lower {@code max_tool_calls}. */
    public static final int MAX_TOOL_CALLS = 8;

    private final Planner planner;
    private final List<Tool> toolList;
    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private final List<FunctionSpec> functions = new ArrayList<>();
    private final ToolChoice firstChoice;
    private final int maxToolCalls;
    private int inputTokens;
    private int cachedInputTokens;
    private int outputTokens;

    /**
     * @param firstChoice the request's {@code tool_choice}, applied to the first round only (later
     *     rounds are free to answer)
     * @param maxToolCalls the request's {@code max_tool_calls}; empty for {@link #MAX_TOOL_CALLS}
     */
    public PlannerLoop(Planner planner, List<Tool> tools, ToolChoice firstChoice, Optional<Integer> maxToolCalls) {
        this.planner = planner;
        this.firstChoice = firstChoice;
        this.maxToolCalls = Math.min(maxToolCalls.orElse(MAX_TOOL_CALLS), MAX_TOOL_CALLS);
        if (this.maxToolCalls < 0) {
            throw new IllegalArgumentException("maxToolCalls must be >= 0");
        }
        this.toolList = List.copyOf(tools);
        for (Tool tool : tools) {
            for (FunctionSpec function : tool.functions()) {
                if (this.tools.putIfAbsent(function.name(), tool) != null) {
                    throw new IllegalArgumentException("two tools offer the function " + function.name());
                }
                functions.add(function);
            }
        }
    }

    /** Closes every tool (their connections), the last first; never throws. */
    @Override
    public void close() {
        for (Tool tool : toolList.reversed()) {
            tool.close();
        }
    }

    /** The tokens the turn has used so far (planner and tools, in Easel's units), also after a failure. */
    public Usage usage() {
        return Usage.of(inputTokens, cachedInputTokens, outputTokens);
    }

    /**
     * Runs the turn to its message.
     *
     * @throws GenerationCancelledException when the response was cancelled
     */
    public void run(TurnContext turn) throws PlannerException {
        List<ChatMessage> messages = new ArrayList<>(turn.messages());
        Optional<ConversationImage> image = turn.image();
        for (Tool tool : toolList) {
            checkCancel(turn);
            ToolStart start = tool.start(context(turn, messages, image));
            messages.addAll(start.messages());
            if (start.image().isPresent()) {
                image = start.image();
            }
        }
        boolean offer = !(firstChoice instanceof ToolChoice.None);
        List<FunctionSpec> offered = offer ? List.copyOf(functions) : List.of();
        int calls = 0;
        for (int round = 0; ; round++) {
            checkCancel(turn);
            boolean last = calls >= maxToolCalls;
            ToolChoice choice = last ? new ToolChoice.None() : round == 0 ? firstChoice : new ToolChoice.Auto();
            PlannerReply reply = planner.next(messages, offered, choice);
            inputTokens += reply.usage().inputTokens();
            outputTokens += reply.usage().outputTokens();
            checkCancel(turn); // a cancel that came while the planner was answering wins over its answer
            if (reply.toolCalls().isEmpty() || last) {
                message(reply.text(), turn);
                return;
            }
            messages.add(new ChatMessage.Assistant(reply.text(), reply.toolCalls()));
            boolean awaitsClient = false;
            for (ToolCall call : reply.toolCalls()) {
                checkCancel(turn);
                Tool tool = tools.get(call.name());
                if (calls >= maxToolCalls) {
                    messages.add(new ChatMessage.ToolResult(
                            call.id(),
                            NOT_RUN + "this response may make at most " + maxToolCalls
                                    + " tool calls; answer the user now"));
                    continue;
                }
                calls++;
                if (tool == null || !offered.stream().anyMatch(f -> f.name().equals(call.name()))) {
                    messages.add(new ChatMessage.ToolResult(
                            call.id(), "error: there is no tool named '" + call.name() + "'"));
                    continue;
                }
                ToolResult result = tool.call(call, context(turn, messages, image));
                inputTokens += result.inputTokens();
                cachedInputTokens += result.cachedInputTokens();
                outputTokens += result.outputTokens();
                messages.add(new ChatMessage.ToolResult(call.id(), result.forPlanner()));
                if (result.image().isPresent()) {
                    image = result.image();
                }
                awaitsClient |= result.awaitsClient();
            }
            if (awaitsClient) {
                // An approval request: the response ends here and the client answers in the next turn.
                return;
            }
        }
    }

    /**
     * What the planner is told for a call that did not run (the cap, a refused approval); the
     * direct planner leaves such results out of the prompt.
     */
    public static final String NOT_RUN = "not run: ";

    private static TurnContext context(
            TurnContext turn, List<ChatMessage> messages, Optional<ConversationImage> image) {
        return new TurnContext(messages, image, turn.mask(), turn.references(), turn.cancel(), turn.sink(), turn.ids());
    }

    /**
     * An assistant message item with its text (one delta), as OpenAI's event sequence has it; the
     * tools' citations of the text follow the delta, each as an {@code annotation.added} event.
     */
    private void message(String text, TurnContext turn) {
        TurnSink sink = turn.sink();
        String id = turn.ids().message();
        int index = sink.nextOutputIndex();
        List<OutputItem.UrlCitation> citations = new ArrayList<>();
        toolList.forEach(tool -> citations.addAll(tool.cite(text)));
        citations.sort(java.util.Comparator.comparingInt(OutputItem.UrlCitation::startIndex));
        OutputItem.OutputText part = OutputItem.OutputText.cited(text, citations);
        sink.emit(new ResponseEvent.OutputItemAdded(index, OutputItem.Message.started(id)));
        sink.emit(new ResponseEvent.ContentPartAdded(index, id, 0, OutputItem.OutputText.of("")));
        if (!text.isEmpty()) {
            sink.emit(new ResponseEvent.OutputTextDelta(index, id, 0, text));
        }
        for (int i = 0; i < citations.size(); i++) {
            sink.emit(new ResponseEvent.OutputTextAnnotationAdded(index, id, 0, i, citations.get(i)));
        }
        sink.emit(new ResponseEvent.OutputTextDone(index, id, 0, text));
        sink.emit(new ResponseEvent.ContentPartDone(index, id, 0, part));
        OutputItem.Message item = new OutputItem.Message(id, ItemStatus.COMPLETED, List.of(part));
        sink.emit(new ResponseEvent.OutputItemDone(index, item));
        sink.output(item);
    }

    private static void checkCancel(TurnContext turn) {
        if (turn.cancel().isCancelled()) {
            throw new GenerationCancelledException(0);
        }
    }
}
