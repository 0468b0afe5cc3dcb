package dev.easel.safety.moderation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moderation's decisions for image requests: the prompt policy on prompts, and the output check's
 * verdict (the model's safety checker) on images and previews. Every decision is counted in
 * {@code easel_moderation_decisions_total} (stage, outcome, category) and every block logged, with
 * the prompt only when the operator asked for it ({@code moderation.log_prompts}). Thread-safe.
 */
public final class Moderator {
    private static final Logger log = LoggerFactory.getLogger(Moderator.class);

    /** The category an output check's flag counts as (the safety checker looks for explicit content). */
    public static final String OUTPUT_CATEGORY = "sexual";

    private final PromptPolicy policy;
    private final boolean enabled;
    private final boolean logPrompts;
    private final MeterRegistry meters;

    /**
     * @param enabled false: nothing is checked (the operator turned moderation off)
     * @param logPrompts whether blocked prompts are written to the log
     */
    public Moderator(PromptPolicy policy, boolean enabled, boolean logPrompts, MeterRegistry meters) {
        this.policy = policy;
        this.enabled = enabled;
        this.logPrompts = logPrompts;
        this.meters = meters;
    }

    /** Whether images are checked at all (previews and finals through the model's safety checker). */
    public boolean enabled() {
        return enabled;
    }

    /** The prompt's decision at this level, by the policy alone. */
    public ModerationDecision prompt(String prompt, ModerationLevel level) {
        return prompt(prompt, List.of(), level);
    }

    /**
     * The prompt's decision at this level: the policy's categories and what a text classifier
     * flagged ({@code classified}, blocked at every level).
     */
    public ModerationDecision prompt(String prompt, List<String> classified, ModerationLevel level) {
        if (!enabled) {
            return ModerationDecision.allowed(ModerationDecision.Stage.INPUT);
        }
        List<String> categories = new java.util.ArrayList<>(policy.categories(prompt, level));
        classified.stream().filter(c -> !categories.contains(c)).forEach(categories::add);
        ModerationDecision decision = new ModerationDecision(ModerationDecision.Stage.INPUT, categories);
        record(decision, level, logPrompts ? " prompt: " + prompt.replaceAll("\\p{Cntrl}", " ") : "");
        return decision;
    }

    /**
     * An image's decision from the output checks: a flagged image is blocked at every level (the
     * checkers do not grade, and {@code low} relaxes only the prompt policy's borderline
     * categories).
     *
     * @param categories what the checks flagged: {@link #OUTPUT_CATEGORY} for the safety
     *     checker, the classifier's labels; empty when the picture passed
     * @param what "preview" or "image", for the log
     */
    public ModerationDecision output(List<String> categories, ModerationLevel level, String what) {
        ModerationDecision decision = new ModerationDecision(ModerationDecision.Stage.OUTPUT, categories);
        record(decision, level, " (" + what + ")");
        return decision;
    }

    private void record(ModerationDecision decision, ModerationLevel level, String detail) {
        String stage = decision.stage().wire();
        if (decision.blocked()) {
            for (String category : decision.categories()) {
                count(stage, "blocked", category);
            }
            log.info("moderation blocked the {} at level {}: {}{}", stage, level.wire(), decision.categories(), detail);
        } else {
            count(stage, "allowed", "none");
        }
    }

    private void count(String stage, String outcome, String category) {
        Counter.builder("easel.moderation.decisions")
                .description("Moderation decisions on prompts (input) and images (output)")
                .tag("stage", stage)
                .tag("outcome", outcome)
                .tag("category", category)
                .register(meters)
                .increment();
    }
}
