package dev.easel.responses;

import dev.easel.tools.planner.ChatCompletionsPlanner;
import dev.easel.tools.planner.DirectPlanner;
import dev.easel.tools.planner.Planner;
import dev.easel.tools.planner.PlannerSettings;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;

/**
 * Which planner a request's {@code model} picks: {@code direct} always means direct mode; with no
 * planner endpoint configured every model name runs in direct mode (so code written for OpenAI
 * runs unchanged); with one configured, OpenAI's text model names (gpt-4.1, gpt-5, o3, …) resolve
 * to the configured planner model, and any other name is passed to the endpoint as the model.
 */
public final class Planners {
    static final List<String> OPENAI_PREFIXES = List.of("gpt-", "o1", "o3", "o4", "chatgpt-");

    private final Optional<PlannerSettings> settings;
    private final HttpClient http;

    public Planners(Optional<PlannerSettings> settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
    }

    Planner forModel(String model) {
        if (model.equals("direct") || settings.isEmpty()) {
            return new DirectPlanner();
        }
        PlannerSettings s = settings.get();
        boolean openAiName = OPENAI_PREFIXES.stream().anyMatch(model::startsWith);
        PlannerSettings chosen = openAiName ? s : new PlannerSettings(s.baseUrl(), model, s.apiKey(), s.timeout());
        return new ChatCompletionsPlanner(chosen, http);
    }

    /** The models {@code GET /v1/models} lists besides the image models. */
    public List<String> textModels() {
        return settings.map(s -> List.of("direct", s.model())).orElse(List.of("direct"));
    }
}
