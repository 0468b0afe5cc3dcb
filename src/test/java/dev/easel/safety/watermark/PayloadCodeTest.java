package dev.easel.safety.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PayloadCodeTest {
    private static final Payload PAYLOAD = new Payload(LocalDate.of(2027, 8, 9), 0x12345678);

    @Test
    void crc16IsCcittFalse() {
        // CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, check value 0x29B1) of 01 02 03 04 05 06.
        assertThat(PayloadCode.crc16(0x010203040506L)).isEqualTo(0xD71C);
    }

    @Test
    void cleanSymbolsDecode() {
        int[] symbols = PayloadCode.encode(PAYLOAD);
        assertThat(symbols).hasSize(PayloadCode.CODED_BITS).containsOnly(1, -1);
        assertThat(PayloadCode.decode(soft(symbols, 0, 0))).contains(PAYLOAD);
    }

    @Test
    void softViterbiCorrectsScatteredErrorsAndTheCrcRejectsNoise() {
        int[] symbols = PayloadCode.encode(PAYLOAD);
        // Every 12th symbol flipped: 12 errors in 140.
        double[] flipped = soft(symbols, 0, 0);
        for (int i = 0; i < flipped.length; i += 12) {
            flipped[i] = -flipped[i];
        }
        assertThat(PayloadCode.decode(flipped)).contains(PAYLOAD);
        // Gaussian noise of sigma 0.8 around ±1 (about 10% wrong signs).
        assertThat(PayloadCode.decode(soft(symbols, 0.8, 7))).contains(PAYLOAD);
        // Pure noise: the CRC refuses whatever Viterbi picks.
        int accepted = 0;
        for (int seed = 0; seed < 200; seed++) {
            if (PayloadCode.decode(soft(new int[PayloadCode.CODED_BITS], 1, seed))
                    .isPresent()) {
                accepted++;
            }
        }
        assertThat(accepted).isZero();
    }

    private static double[] soft(int[] symbols, double sigma, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] out = new double[symbols.length];
        for (int i = 0; i < out.length; i++) {
            double g = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            out[i] = symbols[i] + sigma * g;
        }
        return out;
    }
}
