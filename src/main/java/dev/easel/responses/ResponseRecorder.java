package dev.easel.responses;

import dev.easel.json.Wire;
import dev.easel.store.ItemRepository;
import dev.easel.store.ItemRole;
import dev.easel.store.ResponseRepository;
import dev.easel.store.StoredItem;
import dev.easel.store.StoredResponse;
import java.util.HashSet;
import java.util.Set;

/** Keeps the store's copy of a response (snapshot and output items) in step with the run. */
final class ResponseRecorder {
    private final ResponseRepository responses;
    private final ItemRepository items;

    ResponseRecorder(ResponseRepository responses, ItemRepository items) {
        this.responses = responses;
        this.items = items;
    }

    void insert(ResponseState state) {
        responses.insert(stored(state));
        var input = state.request.storedInput();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < input.size(); i++) {
            var item = input.get(i);
            String id = item.get("id").asString();
            // An input item may carry the id of a stored item (a reference to an earlier image_generation_call,
            // a round-tripped output message) or repeat one: its row gets an id of its own, its JSON keeps the
            // client's id, so later turns still resolve the reference.
            String rowId = !used.add(id) || items.find(id).isPresent() ? "item_" + Ids.hex(24) : id;
            items.insert(new StoredItem(
                    rowId, state.id, ItemRole.INPUT, i, item.path("type").asString("message"), Wire.write(item)));
        }
    }

    void snapshot(ResponseState state) {
        responses.update(stored(state));
    }

    void output(ResponseState state, OutputItem item) {
        items.upsert(new StoredItem(
                item.id(),
                state.id,
                ItemRole.OUTPUT,
                state.output.indexOf(item),
                item.type(),
                Wire.write(item.toJson())));
    }

    private static StoredResponse stored(ResponseState state) {
        return new StoredResponse(
                state.id,
                state.status,
                state.createdAt,
                state.request.previousResponseId(),
                state.request.background(),
                state.request.store(),
                Wire.write(state.toJson()));
    }
}
