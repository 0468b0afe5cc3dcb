package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.tools.planner.ScriptedChatServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What the tool tests share: a scripted planner, a response created over the wire, and readings of both. */
final class PlannedTurns {
    private PlannedTurns() {}

    static ScriptedChatServer startPlanner() {
        try {
            return new ScriptedChatServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code POST /v1/responses}, which must succeed; the Response object. */
    static JsonNode create(TestServer server, String json) {
        HttpResponse<String> response = Wire.postJson(server, "/v1/responses", json);
        ApiErrors.assertWellBehaved(response);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Wire.json(response.body());
    }

    /** The {@code type} of each output item, in order. */
    static List<String> types(JsonNode output) {
        List<String> types = new ArrayList<>();
        output.forEach(item -> types.add(item.get("type").asString()));
        return types;
    }

    /** The contents of the {@code tool} messages a planner request carried: what the tools told it. */
    static List<String> toolMessages(JsonNode plannerRequest) {
        List<String> tool = new ArrayList<>();
        plannerRequest.get("messages").forEach(m -> {
            if (m.get("role").asString().equals("tool")) {
                tool.add(m.get("content").asString());
            }
        });
        return tool;
    }
}
