package dev.easel.safety.watermark;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014), written out so the pattern that a key gives never
 * depends on a JDK's choice of generator: a mark made today is found by every later version.
 */
final class KeyStream {
    private long state;

    KeyStream(long seed) {
        this.state = seed;
    }

    long next() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** +1 or −1, evenly. */
    int sign() {
        return (next() & 1) == 0 ? 1 : -1;
    }

    /** Uniform in [0, bound). */
    int below(int bound) {
        return (int) Math.floorMod(next() >>> 1, (long) bound);
    }
}
