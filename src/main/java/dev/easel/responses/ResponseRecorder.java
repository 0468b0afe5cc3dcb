package dev.easel.responses;

import dev.easel.json.Wire;
import dev.easel.store.ItemRepository;
import dev.easel.store.ItemRole;
import dev.easel.store.ResponseRepository;
import dev.easel.store.StoredItem;
import dev.easel.store.StoredResponse;
import dev.easel.wire.Ids;
import dev.easel.wire.OutputItem;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/** Keeps the store's copy of a response (snapshot and output items) in step with the run. */
final class ResponseRecorder {
    private final ResponseRepository responses;
    private final ItemRepository items;
    private final Ids ids;

    ResponseRecorder(ResponseRepository responses, ItemRepository items, Ids ids) {
        this.responses = responses;
        this.items = items;
        this.ids = ids;
    }

    void insert(ResponseState state) {
        responses.insert(stored(state));
        var input = state.request.storedInput();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < input.size(); i++) {
            ObjectNode item = withId((ObjectNode) input.get(i));
            String id = item.get("id").asString();
            // An input item may carry the id of a stored item (a reference to an earlier image_generation_call,
            // a round-tripped output message) or repeat one: its row gets an id of its own, its JSON keeps the
            // client's id, so later turns still resolve the reference.
            String rowId = !used.add(id) || items.find(id).isPresent() ? ids.item() : id;
            items.insert(new StoredItem(
                    rowId, state.id, ItemRole.INPUT, i, item.path("type").asString("message"), Wire.write(item)));
        }
    }

    /** The item with an {@code id} first: its own, or a new message id. */
    private ObjectNode withId(ObjectNode item) {
        if (item.has("id")) {
            return item;
        }
        ObjectNode out = Wire.object();
        out.put("id", ids.message());
        out.setAll(item);
        if (!out.has("type") && out.has("role")) {
            out.put("type", "message");
        }
        return out;
    }

    void snapshot(ResponseState state) {
        responses.update(stored(state));
    }

    void output(ResponseState state, OutputItem item, int index) {
        items.upsert(new StoredItem(
                item.id(), state.id, ItemRole.OUTPUT, index, item.type(), Wire.MAPPER.writeValueAsString(item)));
    }

    private static StoredResponse stored(ResponseState state) {
        return new StoredResponse(
                state.id,
                state.status.wire(),
                state.createdAt,
                state.request.previousResponseId(),
                state.request.background(),
                state.request.store(),
                Wire.MAPPER.writeValueAsString(state.snapshot()),
                state.owner);
    }
}
