package dev.easel.tools;

import dev.easel.engine.GenerationCancelledException;
import dev.easel.json.Wire;
import dev.easel.media.ImageDecodeException;
import dev.easel.media.ImageDecoder;
import dev.easel.media.RgbImage;
import dev.easel.tools.mcp.McpCallResult;
import dev.easel.tools.mcp.McpContent;
import dev.easel.tools.mcp.McpError;
import dev.easel.tools.mcp.McpException;
import dev.easel.tools.mcp.McpServerSettings;
import dev.easel.tools.mcp.McpSession;
import dev.easel.tools.planner.ChatMessage;
import dev.easel.tools.planner.FunctionSpec;
import dev.easel.tools.planner.ToolCall;
import dev.easel.wire.ApiException;
import dev.easel.wire.ItemStatus;
import dev.easel.wire.McpToolError;
import dev.easel.wire.McpToolSpec;
import dev.easel.wire.OutputItem;
import dev.easel.wire.ResponseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One {@code mcp} tool of a request: a remote MCP server whose allowed tools the planner sees as
 * functions ({@code <server_label>__<tool>}, schemas passed through). Prepared at create: the
 * server's tools are listed then (a failure is OpenAI's 424), unless the conversation already
 * holds a listing of the same server configuration, which is reused without contacting the
 * server. A fresh listing becomes the turn's {@code mcp_list_tools} item.
 *
 * <p>A call the tool's {@code require_approval} covers becomes an {@code mcp_approval_request}
 * and the turn ends there; the client's {@code mcp_approval_response} in the next request runs it
 * (before the planner's first round) or tells the planner it was refused. Every other call is an
 * {@code mcp_call} item with OpenAI's events. Failures of the server (unreachable, HTTP errors,
 * protocol errors, timeouts, the tool's own {@code isError}) become the item's typed error and the
 * planner is told; the response goes on. An image in a tool's result becomes the image the turn's
 * next image_generation call edits.
 *
 * <p>The session is opened at most once per response and closed with the tool.
 */
public final class McpServerTool implements Tool {
    private static final Logger log = LoggerFactory.getLogger(McpServerTool.class);

    /** The most characters of a tool's output kept in the item and shown to the planner. */
    static final int MAX_OUTPUT_CHARS = 64 * 1024;

    /** How lines Easel adds to a result for the planner begin (the direct planner leaves them out of prompts). */
    public static final String NOTE = "[easel: ";

    /** How the line with a result's {@code structuredContent} begins. */
    public static final String STRUCTURED = "structuredContent: ";

    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The client's answer to an earlier approval request of this server. */
    public record Decision(OutputItem.McpApprovalRequest request, boolean approve, Optional<String> reason) {
        public Decision {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(reason, "reason");
        }
    }

    private final McpToolSpec spec;
    private final McpConnections connections;
    private final McpServerSettings settings;
    private final long maxPixels;
    private final Optional<List<OutputItem.McpToolInfo>> freshListing;
    private final Map<String, OutputItem.McpToolInfo> byFunction = new LinkedHashMap<>();
    private final Map<String, String> functionOf = new LinkedHashMap<>();
    private final List<FunctionSpec> functions = new ArrayList<>();
    private final List<Decision> decisions;
    private McpSession session;
    private boolean closed;

    private McpServerTool(
            McpToolSpec spec,
            McpConnections connections,
            McpServerSettings settings,
            long maxPixels,
            List<OutputItem.McpToolInfo> tools,
            boolean fresh,
            McpSession session,
            List<Decision> decisions) {
        this.spec = spec;
        this.connections = connections;
        this.settings = settings;
        this.maxPixels = maxPixels;
        this.session = session;
        this.decisions = List.copyOf(decisions);
        List<OutputItem.McpToolInfo> allowed = tools.stream()
                .filter(t -> spec.allowedTools().matches(t.name(), McpItems.readOnly(t)))
                .toList();
        this.freshListing = fresh ? Optional.of(allowed) : Optional.empty();
        for (OutputItem.McpToolInfo tool : allowed) {
            String name = functionName(tool.name());
            if (byFunction.containsKey(name)) {
                continue; // a server listing one name twice: the first wins
            }
            byFunction.put(name, tool);
            functionOf.put(tool.name(), name);
            functions.add(new FunctionSpec(name, description(tool), schema(tool)));
        }
    }

    /**
     * Prepares the tool at create.
     *
     * @param known a listing of this server configuration already in the conversation, reused
     * @param param where the tool sits in the request ({@code tools[1]}), for errors
     * @throws ApiException 424 when the server's tools cannot be listed; 400 for headers the
     *     transport owns
     * @throws InterruptedException when the create is interrupted while listing
     */
    public static McpServerTool prepare(
            McpToolSpec spec,
            String param,
            Optional<OutputItem.McpListTools> known,
            List<Decision> decisions,
            McpConnections connections,
            long maxPixels)
            throws InterruptedException {
        McpServerSettings settings = connections.settings(spec, param);
        if (known.isPresent()) {
            return new McpServerTool(
                    spec, connections, settings, maxPixels, known.get().tools(), false, null, decisions);
        }
        McpSession session = null;
        try {
            session = connections.open(settings);
            List<OutputItem.McpToolInfo> tools =
                    session.listTools().stream().map(McpItems::info).toList();
            return new McpServerTool(spec, connections, settings, maxPixels, tools, true, session, decisions);
        } catch (McpException e) {
            if (session != null) {
                session.close();
            }
            McpError error = e.error();
            throw ApiException.failedDependency(
                    param,
                    McpItems.toWire(error).type(),
                    "Error retrieving tool list from MCP server: '" + spec.serverLabel() + "'. "
                            + capital(error.message()) + ".");
        } catch (RuntimeException | InterruptedException e) {
            if (session != null) {
                session.close();
            }
            throw e;
        }
    }

    public String serverLabel() {
        return spec.serverLabel();
    }

    /** The function the planner calls for a server's tool; empty when the tool is not offered. */
    public Optional<String> functionFor(String toolName) {
        return Optional.ofNullable(functionOf.get(toolName));
    }

    /** The offered tools whose schema requires arguments, which only a model can choose. */
    public List<String> toolsNeedingArguments() {
        return byFunction.values().stream()
                .filter(t -> t.inputSchema().path("required").isArray()
                        && !t.inputSchema().path("required").isEmpty())
                .map(OutputItem.McpToolInfo::name)
                .toList();
    }

    @Override
    public List<FunctionSpec> functions() {
        return List.copyOf(functions);
    }

    /** The fresh listing's item, then the calls the client approved (or refused) since the last turn. */
    @Override
    public ToolStart start(TurnContext turn) {
        freshListing.ifPresent(tools -> listing(tools, turn.sink(), turn));
        List<ChatMessage> messages = new ArrayList<>();
        Optional<ConversationImage> image = Optional.empty();
        for (Decision decision : decisions) {
            OutputItem.McpApprovalRequest request = decision.request();
            String function = functionOf.getOrDefault(request.name(), safeName(request.name()));
            ToolCall asked = new ToolCall(request.id(), function, request.arguments());
            messages.add(new ChatMessage.Assistant("", List.of(asked)));
            if (!decision.approve()) {
                messages.add(new ChatMessage.ToolResult(
                        request.id(),
                        PlannerLoop.NOT_RUN + "the user declined this call"
                                + decision.reason().map(r -> " (" + r + ")").orElse("")
                                + "; answer without it"));
                continue;
            }
            if (!functionOf.containsKey(request.name())) {
                messages.add(new ChatMessage.ToolResult(
                        request.id(),
                        PlannerLoop.NOT_RUN + "the tool '" + request.name()
                                + "' is not among this request's allowed tools of server '" + spec.serverLabel()
                                + "'"));
                continue;
            }
            ToolResult result = run(request.name(), request.arguments(), Optional.of(request.id()), turn);
            messages.add(new ChatMessage.ToolResult(request.id(), result.forPlanner()));
            if (result.image().isPresent()) {
                image = result.image();
            }
        }
        return new ToolStart(messages, image);
    }

    @Override
    public ToolResult call(ToolCall call, TurnContext turn) {
        OutputItem.McpToolInfo tool = byFunction.get(call.name());
        if (tool == null) {
            return ToolResult.text("error: there is no tool named '" + call.name() + "'");
        }
        String arguments = call.argumentsJson().isBlank() ? "{}" : call.argumentsJson();
        if (spec.requireApproval().required(tool.name(), McpItems.readOnly(tool)) && isObject(arguments)) {
            String id = turn.ids().mcpApprovalRequest();
            OutputItem.McpApprovalRequest request =
                    new OutputItem.McpApprovalRequest(id, arguments, tool.name(), spec.serverLabel());
            int index = turn.sink().nextOutputIndex();
            // No dedicated events, as in OpenAI's streams: the item is added and done.
            turn.sink().emit(new ResponseEvent.OutputItemAdded(index, request));
            turn.sink().emit(new ResponseEvent.OutputItemDone(index, request));
            turn.sink().output(request);
            return new ToolResult(
                    PlannerLoop.NOT_RUN + "the call waits for the user's approval (" + id + ")",
                    0,
                    0,
                    0,
                    Optional.empty(),
                    true);
        }
        return run(tool.name(), arguments, Optional.empty(), turn);
    }

    /** One {@code mcp_call}: announced, its arguments streamed, run, then completed or failed. */
    private ToolResult run(String name, String arguments, Optional<String> approvalId, TurnContext turn) {
        String id = turn.ids().mcpCall();
        int index = turn.sink().nextOutputIndex();
        String label = spec.serverLabel();
        turn.sink()
                .emit(new ResponseEvent.OutputItemAdded(
                        index,
                        new OutputItem.McpCall(
                                id,
                                ItemStatus.IN_PROGRESS,
                                approvalId,
                                "",
                                Optional.empty(),
                                name,
                                Optional.empty(),
                                label)));
        turn.sink().emit(new ResponseEvent.McpCallInProgress(index, id));
        turn.sink().emit(new ResponseEvent.McpCallArgumentsDelta(index, id, arguments));
        turn.sink().emit(new ResponseEvent.McpCallArgumentsDone(index, id, arguments));
        McpCallResult result;
        try {
            result = session().callTool(name, arguments);
        } catch (McpException e) {
            return failed(
                    id,
                    index,
                    name,
                    arguments,
                    approvalId,
                    McpItems.toWire(e.error()),
                    e.error().message(),
                    turn);
        } catch (InterruptedException e) {
            if (!turn.cancel().isCancelled()) {
                Thread.currentThread().interrupt();
            }
            throw new GenerationCancelledException(0);
        }
        if (result.error().isPresent()) {
            McpError.ToolExecutionError error = result.error().get();
            return failed(id, index, name, arguments, approvalId, McpItems.toWire(error), error.message(), turn);
        }
        String output = truncate(McpItems.output(result));
        OutputItem.McpCall done = new OutputItem.McpCall(
                id, ItemStatus.COMPLETED, approvalId, arguments, Optional.empty(), name, Optional.of(output), label);
        turn.sink().emit(new ResponseEvent.McpCallCompleted(index, id));
        turn.sink().emit(new ResponseEvent.OutputItemDone(index, done));
        turn.sink().output(done);
        StringBuilder forPlanner = new StringBuilder(output);
        result.structuredContent()
                .filter(s -> !s.toString().equals(output.strip()))
                .ifPresent(s -> forPlanner.append("\n" + STRUCTURED).append(s));
        Optional<ConversationImage> image = Optional.empty();
        for (McpContent.Image part : result.images()) {
            try {
                RgbImage pixels = ImageDecoder.decode(part.data(), maxPixels);
                image = Optional.of(new ConversationImage(() -> pixels, Optional.empty()));
                forPlanner.append(
                        "\n" + NOTE + "the tool's image is now the image the next image_generation call edits]");
                break;
            } catch (ImageDecodeException e) {
                forPlanner
                        .append("\n" + NOTE + "the tool returned an image that cannot be used: ")
                        .append(e.getMessage())
                        .append("]");
            }
        }
        return new ToolResult(truncate(forPlanner.toString()), 0, 0, 0, image, false);
    }

    private ToolResult failed(
            String id,
            int index,
            String name,
            String arguments,
            Optional<String> approvalId,
            McpToolError error,
            String message,
            TurnContext turn) {
        log.info("mcp_call {} of {} on server '{}' failed: {}", id, name, spec.serverLabel(), message);
        OutputItem.McpCall failed = new OutputItem.McpCall(
                id,
                ItemStatus.FAILED,
                approvalId,
                arguments,
                Optional.of(error),
                name,
                Optional.empty(),
                spec.serverLabel());
        turn.sink().emit(new ResponseEvent.McpCallFailed(index, id));
        turn.sink().emit(new ResponseEvent.OutputItemDone(index, failed));
        turn.sink().output(failed);
        return ToolResult.text("error: " + truncate(message));
    }

    /** The session, opened on first use when the listing came from the conversation. */
    private McpSession session() throws McpException, InterruptedException {
        if (closed) {
            throw new IllegalStateException("the tool is closed");
        }
        if (session == null) {
            session = connections.open(settings);
        }
        return session;
    }

    @Override
    public void close() {
        closed = true;
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private void listing(List<OutputItem.McpToolInfo> tools, TurnSink sink, TurnContext turn) {
        String id = turn.ids().mcpList();
        int index = sink.nextOutputIndex();
        sink.emit(new ResponseEvent.OutputItemAdded(
                index, new OutputItem.McpListTools(id, spec.serverLabel(), List.of(), Optional.empty())));
        sink.emit(new ResponseEvent.McpListToolsInProgress(index, id));
        sink.emit(new ResponseEvent.McpListToolsCompleted(index, id));
        OutputItem.McpListTools done = new OutputItem.McpListTools(id, spec.serverLabel(), tools, Optional.empty());
        sink.emit(new ResponseEvent.OutputItemDone(index, done));
        sink.output(done);
    }

    /** {@code McpError} as the wire's {@code mcp_call.error}. */
    /** A listed tool as {@code mcp_list_tools} shows it; annotations as the server stated them. */
    /**
     * The server's read-only hint (untrusted: it narrows what is offered or asked, it grants
     * nothing); MCP's {@code readOnlyHint}, or {@code read_only} in a listing passed back by hand.
     */
    /** {@code <label>__<tool>} when that is a valid function name, else a sanitized name with a short hash. */
    private String functionName(String tool) {
        String plain = spec.serverLabel() + "__" + tool;
        if (FUNCTION_NAME.matcher(plain).matches()) {
            return plain;
        }
        return safeName(tool);
    }

    private String safeName(String tool) {
        String hash = HexFormat.of()
                .formatHex(sha256(spec.serverLabel() + "\u0000" + tool))
                .substring(0, 8);
        String cleaned = tool.replaceAll("[^A-Za-z0-9_-]", "_");
        String prefix = spec.serverLabel() + "__" + cleaned;
        int room = 64 - hash.length() - 1;
        return (prefix.length() > room ? prefix.substring(0, room) : prefix) + "_" + hash;
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String description(OutputItem.McpToolInfo tool) {
        StringBuilder d = new StringBuilder("Tool '")
                .append(tool.name())
                .append("' of the MCP server '")
                .append(spec.serverLabel())
                .append("'");
        spec.serverDescription().ifPresent(s -> d.append(" (").append(s).append(")"));
        tool.description()
                .filter(s -> !s.isBlank())
                .ifPresent(s -> d.append(": ").append(s));
        return d.toString();
    }

    /** The tool's input schema as the function's parameters; a schema that is not an object becomes {@code {"type":"object"}}. */
    private static String schema(OutputItem.McpToolInfo tool) {
        JsonNode schema = tool.inputSchema();
        return schema != null && schema.isObject() ? schema.toString() : "{\"type\":\"object\"}";
    }

    private static boolean isObject(String json) {
        try {
            JsonNode node = Wire.MAPPER.readTree(json);
            return node != null && node.isObject();
        } catch (tools.jackson.core.JacksonException e) {
            return false;
        }
    }

    private static String truncate(String s) {
        return s.length() <= MAX_OUTPUT_CHARS
                ? s
                : s.substring(0, MAX_OUTPUT_CHARS) + "\n[truncated: the output is longer than " + MAX_OUTPUT_CHARS
                        + " characters]";
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
