package dev.easel.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoundingTest {
    private static final double[] EDGES = {
        0,
        -0.0,
        0.5,
        -0.5,
        1.5,
        -1.5,
        2.5,
        -2.5,
        Math.nextDown(0.5),
        Math.nextUp(0.5),
        Math.nextDown(-0.5),
        Math.nextUp(-0.5),
        Math.nextDown(1.5),
        Math.nextUp(-1.5),
        0x1p52,
        -0x1p52,
        0x1p52 + 1,
        0x1p53 - 1,
        Math.nextDown(0x1p52),
        Math.nextDown(0x1p52) + 0.5,
        0x1p63,
        -0x1p63,
        1e300,
        -1e300,
        Double.MAX_VALUE,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY
    };

    @Test
    void doublesRoundAsMathRoundDoes() {
        for (double x : EDGES) {
            assertThat(Rounding.round(x)).as("%s", x).isEqualTo(Math.round(x));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 400_000; i++) {
            // every binade from 2^-60 to 2^64, halves and their neighbours included
            double x = Math.scalb(random.nextDouble(1, 2), random.nextInt(-60, 64)) * (random.nextBoolean() ? 1 : -1);
            double half = Math.floor(x) + 0.5;
            for (double y : new double[] {x, half, Math.nextUp(half), Math.nextDown(half)}) {
                assertThat(Rounding.round(y)).as("%s", y).isEqualTo(Math.round(y));
            }
        }
    }

    @Test
    void floatsRoundAsMathRoundDoes() {
        for (double d : EDGES) {
            float x = (float) d;
            assertThat(Rounding.round(x)).as("%s", x).isEqualTo(Math.round(x));
        }
        for (float x : new float[] {
            Math.nextDown(0.5f),
            Math.nextUp(0.5f),
            Math.nextDown(-0.5f),
            0x1p23f,
            0x1p24f - 1,
            Math.nextDown(0x1p23f),
            Math.nextDown(0x1p23f) + 0.5f,
            0x1p31f,
            -0x1p31f,
            Float.MAX_VALUE
        }) {
            assertThat(Rounding.round(x)).as("%s", x).isEqualTo(Math.round(x));
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 400_000; i++) {
            float x = (float) Math.scalb(random.nextDouble(1, 2), random.nextInt(-30, 33))
                    * (random.nextBoolean() ? 1 : -1);
            float half = (float) Math.floor(x) + 0.5f;
            for (float y : new float[] {x, half, Math.nextUp(half), Math.nextDown(half)}) {
                assertThat(Rounding.round(y)).as("%s", y).isEqualTo(Math.round(y));
            }
        }
    }
}
