package dev.easel.responses;

import dev.easel.tools.planner.ChatCompletionsPlanner;
import dev.easel.tools.planner.DirectPlanner;
import dev.easel.tools.planner.Planner;
import dev.easel.tools.planner.PlannerSettings;
import dev.easel.tools.planner.RedactingPlanner;
import dev.easel.tools.planner.SecretRedactor;
import dev.easel.wire.ApiException;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;

/**
 * Which planner a request's {@code model} picks: {@code direct} always means direct mode; with no
 * planner endpoint configured every model name runs in direct mode (so code written for OpenAI
 * runs unchanged); with one configured, OpenAI's text model names (gpt-4.1, gpt-5, o3, …) resolve
 * to the configured planner model, the configured model and {@code planner.allowed_models} are passed
 * to the endpoint as they are, and any other name is a 400. What the planner writes is redacted.
 */
public final class Planners {
    static final List<String> OPENAI_PREFIXES = List.of("gpt-", "o1", "o3", "o4", "chatgpt-");

    private final Optional<PlannerSettings> settings;
    private final HttpClient http;
    private final List<String> allowed;
    private final SecretRedactor redactor;

    /** A server whose planner may be asked only for its configured model (and OpenAI's names for it). */
    public Planners(Optional<PlannerSettings> settings, HttpClient http) {
        this(settings, http, List.of(), new SecretRedactor(List.of()));
    }

    /**
     * @param allowed other model names requests may ask the endpoint for ({@code planner.allowed_models})
     * @param redactor takes the server's secrets out of everything the planner writes
     */
    public Planners(
            Optional<PlannerSettings> settings, HttpClient http, List<String> allowed, SecretRedactor redactor) {
        this.settings = settings;
        this.http = http;
        this.allowed = List.copyOf(allowed);
        this.redactor = redactor;
    }

    /**
     * @throws ApiException a 400 for a model the operator did not list: the operator's key is
     *     spent only on models the operator chose
     */
    Planner forModel(String model) {
        if (model.equals("direct") || settings.isEmpty()) {
            return new DirectPlanner();
        }
        PlannerSettings s = settings.get();
        boolean openAiName = OPENAI_PREFIXES.stream().anyMatch(model::startsWith);
        if (!openAiName && !model.equals(s.model()) && !allowed.contains(model)) {
            throw ApiException.invalid(
                    "model",
                    "model_not_found",
                    "The model '" + (model.length() > 100 ? model.substring(0, 100) + "…" : model)
                            + "' is not served here. Use 'direct', an OpenAI model name (gpt-4.1, gpt-5, …) for the"
                            + " planner model, or one of: " + String.join(", ", textModels()) + ".");
        }
        PlannerSettings chosen = openAiName ? s : new PlannerSettings(s.baseUrl(), model, s.apiKey(), s.timeout());
        return new RedactingPlanner(new ChatCompletionsPlanner(chosen, http), redactor);
    }

    /** The models {@code GET /v1/models} lists besides the image models. */
    public List<String> textModels() {
        List<String> out = new java.util.ArrayList<>(List.of("direct"));
        settings.ifPresent(s -> out.add(s.model()));
        allowed.stream().filter(m -> !out.contains(m)).forEach(out::add);
        return List.copyOf(out);
    }
}
