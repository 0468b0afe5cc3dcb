package dev.easel.responses;

import dev.easel.auth.Caller;
import dev.easel.images.ImageFetcher;
import dev.easel.json.Wire;
import dev.easel.media.ImageDecodeException;
import dev.easel.media.ImageDecoder;
import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import dev.easel.store.ItemRepository;
import dev.easel.store.ItemRole;
import dev.easel.store.ResponseRepository;
import dev.easel.store.StoredItem;
import dev.easel.store.StoredResponse;
import dev.easel.tools.ConversationImage;
import dev.easel.tools.ReferenceImage;
import dev.easel.tools.planner.ChatMessage;
import dev.easel.wire.ApiException;
import dev.easel.wire.ContentPart;
import dev.easel.wire.OutputItem;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A turn's context: the messages the planner sees (instructions, then every earlier turn of the
 * {@code previous_response_id} chain, then this input) and the image an edit works on.
 *
 * <p>Which image is edited: the first image of this request's input (an {@code input_image}, or an
 * {@code image_generation_call} item or reference); else the most recent image of the chain (the
 * latest image_generation_call result, or the latest input image). Instructions are not carried
 * over through the chain, as in OpenAI's API. The other images of this request's own input, in
 * order, are references ({@link #references}), which steer an edit through the model's IP-Adapter.
 */
final class Conversation {
    /** The most earlier responses one request's conversation walks. */
    static final int MAX_CHAIN = 100;

    /** The most text a conversation holds (this request's and its chain's), as one request may bring. */
    static final long MAX_CONTEXT_CHARS = 1 << 20;

    private final List<ChatMessage> messages;
    private final Optional<ConversationImage> image;
    private final List<ReferenceImage> references;
    private final McpContext mcp;

    /** An image in the conversation: its pixels, decoded on demand, and its id when it is a generated image. */
    private Conversation(
            List<ChatMessage> messages,
            Optional<ConversationImage> image,
            List<ReferenceImage> references,
            McpContext mcp) {
        this.messages = messages;
        this.image = image;
        this.references = references;
        this.mcp = mcp;
    }

    /** This request's own input images after the first (the one edited), in order. */
    List<ReferenceImage> references() {
        return references;
    }

    /** The MCP listings, approval requests and this request's approval answers. */
    McpContext mcp() {
        return mcp;
    }

    List<ChatMessage> messages() {
        return messages;
    }

    /** The image to edit (its pixels are decoded only when an edit needs them). */
    Optional<ConversationImage> image() {
        return image;
    }

    static Conversation build(
            CreateResponse request,
            Caller caller,
            ResponseRepository responses,
            ItemRepository itemRepository,
            ImageFetcher fetcher,
            long maxPixels) {
        Visible items = new Visible(itemRepository, responses, caller);
        List<ChatMessage> own = new ArrayList<>();
        request.instructions().ifPresent(i -> own.add(new ChatMessage.System(i)));
        McpContext ownMcp = new McpContext();
        List<Found> ownImages = new ArrayList<>();
        for (int i = 0; i < request.input().size(); i++) {
            ownImages.addAll(addInput(
                    request.input().get(i),
                    "input[" + i + "]",
                    own,
                    items,
                    fetcher,
                    maxPixels,
                    ownMcp,
                    Optional.empty()));
        }
        Optional<ConversationImage> ownImage = ownImages.stream().findFirst().map(Found::image);
        List<ReferenceImage> references = ownImages.stream()
                .skip(1)
                .map(f -> new ReferenceImage(() -> f.image().pixels().get(), f.param()))
                .toList();
        List<Turn> turns =
                earlierTurns(request, caller, responses, itemRepository, items, fetcher, maxPixels, chars(own));
        List<ChatMessage> messages = new ArrayList<>();
        request.instructions().ifPresent(i -> messages.add(own.removeFirst()));
        McpContext mcp = new McpContext();
        Optional<ConversationImage> chainImage = Optional.empty();
        for (Turn turn : turns.reversed()) {
            messages.addAll(turn.messages());
            mcp.addAll(turn.mcp());
            if (turn.image().isPresent()) {
                chainImage = turn.image();
            }
        }
        messages.addAll(own);
        mcp.addAll(ownMcp);
        return new Conversation(List.copyOf(messages), ownImage.isPresent() ? ownImage : chainImage, references, mcp);
    }

    /** An earlier response as the conversation reads it: its messages, MCP items and latest image. */
    private record Turn(List<ChatMessage> messages, McpContext mcp, Optional<ConversationImage> image) {}

    /**
     * The turns of the {@code previous_response_id} chain, newest first: at most {@link #MAX_CHAIN}
     * responses and {@link #MAX_CONTEXT_CHARS} of text with this request's own. Past either, the
     * oldest turns are dropped when the request's {@code truncation} is {@code auto}; else (OpenAI's
     * default, {@code disabled}) the request is a 400 naming the limit, before anything is stored.
     */
    private static List<Turn> earlierTurns(
            CreateResponse request,
            Caller caller,
            ResponseRepository responses,
            ItemRepository itemRepository,
            Visible items,
            ImageFetcher fetcher,
            long maxPixels,
            long ownChars) {
        boolean truncate = request.truncationAuto();
        List<Turn> turns = new ArrayList<>();
        long chars = ownChars;
        Optional<String> next = request.previousResponseId();
        while (next.isPresent()) {
            if (turns.size() == MAX_CHAIN) {
                if (truncate) {
                    break;
                }
                throw tooLong("The conversation is longer than " + MAX_CHAIN
                        + " responses (the previous_response_id chain walked); set 'truncation' to 'auto' to drop"
                        + " its oldest turns, or start a new conversation.");
            }
            String id = next.get();
            StoredResponse earlier = responses
                    .find(id)
                    .filter(found -> caller.sees(found.owner()))
                    .orElseThrow(() -> ApiException.invalid(
                            "previous_response_id",
                            "previous_response_not_found",
                            "Previous response with id '" + id + "' not found."));
            Turn turn = turn(earlier, itemRepository, items, fetcher, maxPixels);
            if (turns.stream().anyMatch(t -> t.image().isPresent())) {
                // A newer turn's image is the one an edit takes: this one's bytes need not be kept.
                turn = new Turn(turn.messages(), turn.mcp(), Optional.empty());
            }
            chars += chars(turn.messages());
            if (chars > MAX_CONTEXT_CHARS) {
                if (truncate) {
                    break;
                }
                throw tooLong("The conversation's text is more than " + MAX_CONTEXT_CHARS
                        + " characters (this input and its previous_response_id chain together); set"
                        + " 'truncation' to 'auto' to drop its oldest turns, or start a new conversation.");
            }
            turns.add(turn);
            next = earlier.previousResponseId();
        }
        return turns;
    }

    private static ApiException tooLong(String message) {
        return ApiException.invalid("previous_response_id", "context_length_exceeded", message);
    }

    private static Turn turn(
            StoredResponse earlier,
            ItemRepository itemRepository,
            Visible items,
            ImageFetcher fetcher,
            long maxPixels) {
        List<ChatMessage> messages = new ArrayList<>();
        McpContext mcp = new McpContext();
        Optional<ConversationImage> image = Optional.empty();
        Optional<Map<String, String>> keys = Optional.of(McpContext.keys(Wire.read(earlier.json())));
        for (StoredItem in : itemRepository.items(earlier.id(), ItemRole.INPUT)) {
            InputItem item = InputItems.fromStored(Wire.read(in.json()));
            List<Found> found = addInput(item, "input", messages, items, fetcher, maxPixels, mcp, keys);
            if (!found.isEmpty()) {
                image = Optional.of(found.getFirst().image());
            }
        }
        for (StoredItem out : itemRepository.items(earlier.id(), ItemRole.OUTPUT)) {
            switch (Wire.MAPPER.readValue(out.json(), OutputItem.class)) {
                case OutputItem.Message m -> messages.add(new ChatMessage.Assistant(m.text(), List.of()));
                case OutputItem.ImageGenerationCall call -> {
                    if (call.result().isPresent()) {
                        String b64 = call.result().get();
                        image = Optional.of(new ConversationImage(
                                () -> decode(Base64.getDecoder().decode(b64), "previous_response_id", maxPixels),
                                Optional.of(out.id())));
                        messages.add(new ChatMessage.Assistant(
                                "[generated image " + out.id() + ": "
                                        + call.revisedPrompt().orElse("") + "]",
                                List.of()));
                    }
                }
                case OutputItem.McpCall call -> {
                    mcp.add(call, keys);
                    messages.add(callMessage(call));
                }
                // Tool listings and pending approvals are the MCP tool's own context, not conversation text.
                case OutputItem.McpListTools list -> mcp.add(list, keys);
                case OutputItem.McpApprovalRequest pending -> mcp.add(pending, keys);
                // What a search found reached the turn's message, which carries its citations.
                case OutputItem.WebSearchCall search -> {}
            }
        }
        return new Turn(messages, mcp, image);
    }

    /** The characters of text in the messages, as the planner would read them. */
    private static long chars(List<ChatMessage> messages) {
        long sum = 0;
        for (ChatMessage m : messages) {
            sum += switch (m) {
                case ChatMessage.System s -> s.text().length();
                case ChatMessage.User u -> u.text().length();
                case ChatMessage.Assistant a -> a.text().length();
                case ChatMessage.ToolResult r -> r.content().length();
            };
        }
        return sum;
    }

    /** An earlier MCP call as the planner reads it. */
    private static ChatMessage callMessage(OutputItem.McpCall call) {
        return new ChatMessage.Assistant(
                "[" + call.serverLabel() + "." + call.name() + "(" + call.arguments() + ") returned: "
                        + call.output().orElse("an error") + "]",
                List.of());
    }

    /** An input image and where it came in the request ({@code input[0].content[1]}). */
    private record Found(ConversationImage image, String param) {}

    /**
     * Adds an input item's text to the messages (and MCP items to the MCP context); returns its
     * images, in order.
     *
     * @param param where the item is in the request ({@code input[3]})
     * @param keys the MCP configuration keys of the earlier response the item came with; empty for
     *     this request's input
     */
    private static List<Found> addInput(
            InputItem item,
            String param,
            List<ChatMessage> messages,
            Visible items,
            ImageFetcher fetcher,
            long maxPixels,
            McpContext mcp,
            Optional<Map<String, String>> keys) {
        return switch (item) {
            case InputItem.Message m -> {
                List<ContentPart.ImageSource> sources = new ArrayList<>();
                List<String> params = new ArrayList<>();
                for (int j = 0; j < m.content().size(); j++) {
                    if (m.content().get(j) instanceof ContentPart.Image img) {
                        sources.add(img.source());
                        params.add(param + ".content[" + j + "]");
                    }
                }
                messages.add(
                        switch (m.role()) {
                            case "assistant" -> new ChatMessage.Assistant(m.text(), List.of());
                            case "system", "developer" -> new ChatMessage.System(m.text());
                            default -> new ChatMessage.User(m.text(), sources.size());
                        });
                List<Found> found = new ArrayList<>();
                for (int k = 0; k < sources.size(); k++) {
                    ContentPart.ImageSource s = sources.get(k);
                    found.add(new Found(
                            new ConversationImage(
                                    () -> decode(fetcher.fetch(s, "input"), "input", maxPixels), Optional.empty()),
                            params.get(k)));
                }
                yield found;
            }
            case InputItem.ImageCall call -> {
                String b64 = call.resultBase64().orElseGet(() -> storedResult(call.id(), items));
                yield List.of(new Found(
                        new ConversationImage(
                                () -> decode(Base64.getDecoder().decode(b64), "input", maxPixels),
                                Optional.of(call.id())),
                        param));
            }
            case InputItem.ItemReference ref -> {
                StoredItem stored = items.find(ref.id())
                        .orElseThrow(() -> ApiException.invalid(
                                "input", "invalid_value", "Item with id '" + ref.id() + "' not found."));
                if (stored.type().equals("image_generation_call")) {
                    String b64 = storedResult(ref.id(), items);
                    yield List.of(new Found(
                            new ConversationImage(
                                    () -> decode(Base64.getDecoder().decode(b64), "input", maxPixels),
                                    Optional.of(ref.id())),
                            param));
                }
                yield addInput(
                        InputItems.fromStored(Wire.read(stored.json())),
                        param,
                        messages,
                        items,
                        fetcher,
                        maxPixels,
                        mcp,
                        keys);
            }
            case InputItem.Mcp(OutputItem mcpItem) -> {
                mcp.add(mcpItem, keys);
                if (mcpItem instanceof OutputItem.McpCall call) {
                    messages.add(callMessage(call));
                }
                yield List.of();
            }
            case InputItem.McpApprovalResponse answer -> {
                mcp.add(answer, keys.isEmpty());
                yield List.of();
            }
            case InputItem.Other o -> List.of();
        };
    }

    /** Stored items as one caller may see them: those of responses it may see. */
    private record Visible(ItemRepository items, ResponseRepository responses, Caller caller) {
        Optional<StoredItem> find(String id) {
            return items.find(id)
                    .filter(item -> responses
                            .find(item.responseId())
                            .map(r -> caller.sees(r.owner()))
                            .orElse(false));
        }
    }

    private static String storedResult(String id, Visible items) {
        return items.find(id)
                .map(i -> Wire.read(i.json()).path("result"))
                .filter(JsonNode::isString)
                .map(JsonNode::asString)
                .orElseThrow(() -> ApiException.invalid(
                        "input",
                        "image_file_not_found",
                        "No stored image for image_generation_call '" + id + "' (was its response stored?)."));
    }

    static RgbImage decode(byte[] bytes, String param, long maxPixels) {
        try {
            return ImageDecoder.decode(bytes, maxPixels);
        } catch (ImageDecodeException e) {
            throw ApiException.invalid(param, "invalid_image", e.getMessage());
        }
    }

    static Mask decodeMask(byte[] bytes, long maxPixels, String param) {
        try {
            return ImageDecoder.decodeMask(bytes, maxPixels);
        } catch (ImageDecodeException e) {
            throw ApiException.invalid(param, "invalid_image", e.getMessage());
        }
    }
}
