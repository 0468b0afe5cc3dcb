package dev.easel.responses;

import dev.easel.json.Wire;
import dev.easel.store.ItemRepository;
import dev.easel.store.ItemRole;
import dev.easel.store.ResponseRepository;
import dev.easel.store.StoredItem;
import dev.easel.store.StoredResponse;

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
        for (int i = 0; i < input.size(); i++) {
            var item = input.get(i);
            items.insert(new StoredItem(item.get("id").asString(), state.id, ItemRole.INPUT, i,
                    item.path("type").asString("message"), Wire.write(item)));
        }
    }

    void snapshot(ResponseState state) {
        responses.update(stored(state));
    }

    void output(ResponseState state, OutputItem item) {
        items.upsert(new StoredItem(item.id(), state.id, ItemRole.OUTPUT, state.output.indexOf(item), item.type(),
                Wire.write(item.toJson())));
    }

    private static StoredResponse stored(ResponseState state) {
        return new StoredResponse(state.id, state.status, state.createdAt, state.request.previousResponseId(),
                state.request.background(), state.request.store(), Wire.write(state.toJson()));
    }
}
