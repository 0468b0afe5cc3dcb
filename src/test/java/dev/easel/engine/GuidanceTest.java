package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Hand-worked guidance combinations, the prompts each kind of guidance encodes, and guidance intervals. */
class GuidanceTest {
    private final ImageJob job = ImageJob.text("a fox", 64, 64, 1, 0, 1).withNegativePrompt("blurry");

    @Test
    void classifierFreeMovesFromTheUnconditionalTowardsTheConditional() {
        // uncond [1, 2], cond [3, 5]: 1 + 2·(3 − 1) = 5, 2 + 2·(5 − 2) = 8.
        Guidance.ClassifierFree free = new Guidance.ClassifierFree(2f, false, GuidanceInterval.EVERY_STEP);
        assertThat(free.combine(new float[] {1, 2}, new float[] {3, 5})).containsExactly(5f, 8f);
        assertThat(free.prompts(job)).containsExactly("blurry", "a fox");
    }

    @Test
    void singlePassGuidanceEncodesThePromptAlone() {
        Guidance embedded = new Guidance.Embedded(TimestepCondition.of(8, 4));
        for (Guidance g : new Guidance[] {new Guidance.Conditional(), embedded}) {
            assertThat(g.batch()).isEqualTo(1);
            assertThat(g.prompts(job)).containsExactly("a fox");
        }
    }

    @Test
    void anIntervalGuidesTheMiddleStepsOfTheSchedule() {
        assertThat(guided(new GuidanceInterval(1), 4)).containsExactly(0, 1, 2, 3);
        // Positions 0.125, 0.375, 0.625, 0.875 against [0.25, 0.75].
        assertThat(guided(new GuidanceInterval(0.5), 4)).containsExactly(1, 2);
        assertThat(guided(new GuidanceInterval(0.5), 20)).containsExactly(5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        assertThat(guided(new GuidanceInterval(0.01), 4)).isEmpty();
        assertThatThrownBy(() -> new GuidanceInterval(0)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> new GuidanceInterval(1.5)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> new GuidanceInterval(Double.NaN)).hasMessageContaining("(0, 1]");
    }

    private static int[] guided(GuidanceInterval interval, int steps) {
        return IntStream.range(0, steps).filter(i -> interval.guides(i, steps)).toArray();
    }
}
