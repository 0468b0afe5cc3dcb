package dev.easel.store;

import static dev.easel.store.StoreFixtures.response;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The nodes and runs every {@link Storage} keeps ({@link NodeRepository}); implementations extend this. */
abstract class NodesContract extends EventLogContract {
    @Test
    void aRunHeldByABeatingNodeIsNotTakenOver() {
        NodeRepository nodes = storage.nodes();
        nodes.beat("node_a", "host-a", "all", 1_000, 50_000);
        nodes.claim("resp_1", "node_a");
        storage.responses().insert(response("resp_1", "in_progress", 1));
        assertThat(nodes.takeOverAbandoned("node_b", "host-b", 45_000)).isEmpty();
    }

    @Test
    void runsOfASilentLeftOrRestartedNodeAreTakenOverOnce() {
        NodeRepository nodes = storage.nodes();
        nodes.beat("node_silent", "host-a", "all", 1_000, 10_000);
        nodes.beat("node_old", "host-b", "all", 1_000, 50_000);
        nodes.beat("node_left", "host-c", "all", 1_000, 50_000);
        nodes.leave("node_left");
        nodes.claim("resp_silent", "node_silent");
        nodes.claim("resp_old", "node_old");
        nodes.claim("resp_left", "node_left");
        nodes.beat("node_new", "host-b", "all", 49_000, 50_000);
        nodes.beat("node_other", "host-d", "all", 1_000, 50_000);
        // node_new is node_old started again (the same name): what node_old held is abandoned at once.
        assertThat(nodes.takeOverAbandoned("node_new", "host-b", 45_000))
                .containsExactlyInAnyOrder("resp_silent", "resp_old", "resp_left");
        assertThat(nodes.takeOverAbandoned("node_other", "host-d", 45_000)).isEmpty();
    }

    @Test
    void unheldUnfinishedAndUnstoredResponsesAreTakenOverButNotEndedStoredOnes() {
        storage.responses().insert(response("resp_open", "in_progress", 1));
        storage.responses().insert(response("resp_done", "completed", 2));
        storage.responses()
                .insert(new StoredResponse(
                        "resp_unstored", "completed", 3, java.util.Optional.empty(), false, false, "{}"));
        storage.nodes().beat("node_a", "host-a", "all", 1_000, 50_000);
        storage.nodes().beat("node_b", "host-b", "all", 1_000, 50_000);
        assertThat(storage.nodes().takeOverAbandoned("node_a", "host-a", 45_000))
                .containsExactlyInAnyOrder("resp_open", "resp_unstored");
        assertThat(storage.nodes().takeOverAbandoned("node_b", "host-b", 45_000))
                .isEmpty();
    }

    @Test
    void aCancelRequestReachesTheNodeThatRunsTheResponse() {
        NodeRepository nodes = storage.nodes();
        assertThat(nodes.requestCancel("resp_1")).isFalse();
        nodes.claim("resp_1", "node_a");
        nodes.claim("resp_2", "node_a");
        assertThat(nodes.requestCancel("resp_1")).isTrue();
        assertThat(nodes.cancelRequested("node_a")).containsExactly("resp_1");
        assertThat(nodes.cancelRequested("node_b")).isEmpty();
        nodes.release("resp_1");
        assertThat(nodes.cancelRequested("node_a")).isEmpty();
        assertThat(nodes.requestCancel("resp_1")).isFalse();
    }
}
