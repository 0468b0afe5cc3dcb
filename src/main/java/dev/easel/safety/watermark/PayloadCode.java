package dev.easel.safety.watermark;

import java.util.Optional;

/**
 * The channel code of the payload: 48 bits, a CRC-16/CCITT of them (64 bits), then the standard
 * rate-1/2, constraint-length-7 convolutional code (generators 171 and 133 octal, as in CCSDS and
 * 802.11) closed by 6 zero tail bits, so 140 coded bits. Decoded by soft-decision Viterbi: each
 * coded bit arrives as a correlation whose sign is the bit and whose size is how sure it is.
 */
final class PayloadCode {
    static final int CODED_BITS = 2 * (Payload.BITS + 16 + 6);
    private static final int INFO_BITS = Payload.BITS + 16;
    private static final int K = 7;
    private static final int STATES = 1 << (K - 1);
    private static final int G1 = 0171;
    private static final int G2 = 0133;

    private PayloadCode() {}

    /** Coded bits as symbols: +1 for 0, −1 for 1. */
    static int[] encode(Payload payload) {
        long bits = payload.bits();
        long info = bits << 16 | crc16(bits);
        int[] out = new int[CODED_BITS];
        int reg = 0;
        for (int i = 0; i < INFO_BITS + K - 1; i++) {
            int bit = i < INFO_BITS ? (int) (info >>> (INFO_BITS - 1 - i)) & 1 : 0;
            reg = (reg << 1 | bit) & ((1 << K) - 1);
            out[2 * i] = 1 - 2 * parity(reg & G1);
            out[2 * i + 1] = 1 - 2 * parity(reg & G2);
        }
        return out;
    }

    /**
     * The payload most likely sent, given one soft value per coded bit (positive: 0), if its CRC
     * holds.
     */
    static Optional<Payload> decode(double[] soft) {
        if (soft.length != CODED_BITS) {
            throw new IllegalArgumentException("expected " + CODED_BITS + " soft values");
        }
        int steps = INFO_BITS + K - 1;
        double[] metric = new double[STATES];
        java.util.Arrays.fill(metric, Double.NEGATIVE_INFINITY);
        metric[0] = 0;
        // survivor[i][s]: the bit that led into state s at step i (the state's newest bit is that input).
        int[][] from = new int[steps][STATES];
        for (int i = 0; i < steps; i++) {
            double[] next = new double[STATES];
            java.util.Arrays.fill(next, Double.NEGATIVE_INFINITY);
            int maxBit = i < INFO_BITS ? 1 : 0;
            for (int s = 0; s < STATES; s++) {
                if (metric[s] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                for (int bit = 0; bit <= maxBit; bit++) {
                    int reg = s << 1 | bit;
                    double m = metric[s]
                            + soft[2 * i] * (1 - 2 * parity(reg & G1))
                            + soft[2 * i + 1] * (1 - 2 * parity(reg & G2));
                    int ns = reg & (STATES - 1);
                    if (m > next[ns]) {
                        next[ns] = m;
                        from[i][ns] = s;
                    }
                }
            }
            metric = next;
        }
        long info = 0;
        int state = 0;
        for (int i = steps - 1; i >= 0; i--) {
            if (i < INFO_BITS) {
                info |= (long) (state & 1) << (INFO_BITS - 1 - i);
            }
            state = from[i][state];
        }
        long bits = info >>> 16;
        if ((info & 0xFFFF) != crc16(bits)) {
            return Optional.empty();
        }
        return Optional.of(Payload.ofBits(bits));
    }

    /** CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF) of the 48 bits, high byte first. */
    static int crc16(long bits) {
        int crc = 0xFFFF;
        for (int i = Payload.BITS - 8; i >= 0; i -= 8) {
            crc ^= (int) (bits >>> i & 0xFF) << 8;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1 ^ 0x1021) & 0xFFFF : crc << 1 & 0xFFFF;
            }
        }
        return crc;
    }

    private static int parity(int v) {
        return Integer.bitCount(v) & 1;
    }
}
