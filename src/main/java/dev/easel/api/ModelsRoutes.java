package dev.easel.api;

import dev.easel.wire.ApiException;
import dev.easel.tools.ModelRegistry;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/models} (one entry per local model) and {@code GET /v1/models/{id}} (a local model
 * or an alias, such as gpt-image-1, with {@code easel_alias_of} naming the model it resolves to).
 * Easel's extension fields start with {@code easel_}.
 */
final class ModelsRoutes {
    private final ModelRegistry models;
    private final List<String> textModels;
    private final long created;
    private final Optional<String> notice;

    /** @param notice shown on every entry, e.g. that the server fell back to the demo model offline */
    ModelsRoutes(ModelRegistry models, List<String> textModels, long created, Optional<String> notice) {
        this.models = models;
        this.textModels = textModels;
        this.created = created;
        this.notice = notice;
    }

    void list(Context ctx) {
        ObjectNode body = Json.object();
        body.put("object", "list");
        var data = body.putArray("data");
        for (String name : models.localModels()) {
            data.add(entry(name, name));
        }
        for (String name : textModels) {
            data.add(textEntry(name));
        }
        ctx.contentType("application/json").result(Json.write(body));
    }

    void retrieve(Context ctx) {
        String id = ctx.pathParam("id");
        if (textModels.contains(id)) {
            ctx.contentType("application/json").result(Json.write(textEntry(id)));
            return;
        }
        String target = models.resolve(Optional.of(id)).orElseThrow(() -> ApiException.modelNotFound(id));
        ctx.contentType("application/json").result(Json.write(entry(id, target)));
    }

    /** The planner models the Responses API's {@code model} may name ({@code direct}, and the configured one). */
    private ObjectNode textEntry(String id) {
        ObjectNode m = Json.object();
        m.put("id", id);
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", "easel");
        m.put("easel_kind", id.equals("direct") ? "direct" : "planner");
        return m;
    }

    private ObjectNode entry(String id, String local) {
        ObjectNode m = Json.object();
        m.put("id", id);
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", "easel");
        m.put("easel_kind", "image");
        if (!id.equals(local)) {
            m.put("easel_alias_of", local);
        }
        m.put("easel_default", local.equals(models.defaultModel()));
        var aliases = m.putArray("easel_aliases");
        for (Map.Entry<String, String> a : models.aliases().entrySet()) {
            if (a.getValue().equals(local)) {
                aliases.add(a.getKey());
            }
        }
        notice.ifPresent(n -> m.put("easel_notice", n));
        return m;
    }
}
