package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Hand-worked guidance combinations and the prompts each kind of guidance encodes. */
class GuidanceTest {
    private final ImageJob job = ImageJob.text("a fox", 64, 64, 1, 0, 1).withNegativePrompt("blurry");

    @Test
    void classifierFreeMovesFromTheUnconditionalTowardsTheConditional() {
        // uncond [1, 2], cond [3, 5]: 1 + 2·(3 − 1) = 5, 2 + 2·(5 − 2) = 8.
        assertThat(new Guidance.ClassifierFree(2f).combine(new float[] {1, 2, 3, 5}))
                .containsExactly(5f, 8f);
        assertThat(new Guidance.ClassifierFree(2f).prompts(job)).containsExactly("blurry", "a fox");
    }

    @Test
    void singlePassGuidanceKeepsThePredictionAndThePromptAlone() {
        float[] out = {1, 2};
        Guidance embedded = new Guidance.Embedded(TimestepCondition.of(8, 4));
        for (Guidance g : new Guidance[] {new Guidance.Conditional(), embedded}) {
            assertThat(g.batch()).isEqualTo(1);
            assertThat(g.combine(out)).isSameAs(out);
            assertThat(g.prompts(job)).containsExactly("a fox");
        }
    }
}
