package dev.easel.wire;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Object ids with OpenAI's prefixes (resp_, msg_, ig_, file-, item_) drawn from the random source
 * {@code Easel.start} injects (a {@link java.security.SecureRandom} in production, so ids are
 * unguessable; a seeded one in tests). Thread-safe when the source is.
 */
public final class Ids {
    private final RandomGenerator random;

    public Ids(RandomGenerator random) {
        this.random = random;
    }

    public String response() {
        return "resp_" + hex(24);
    }

    public String message() {
        return "msg_" + hex(24);
    }

    public String imageCall() {
        return "ig_" + hex(24);
    }

    public String item() {
        return "item_" + hex(24);
    }

    public String hex(int bytes) {
        byte[] b = new byte[bytes];
        synchronized (this) {
            random.nextBytes(b);
        }
        return HexFormat.of().formatHex(b);
    }
}
