package dev.easel.responses;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Object ids with OpenAI's prefixes (resp_, msg_, ig_) and enough randomness to be unguessable. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String response() {
        return "resp_" + hex(24);
    }

    public static String message() {
        return "msg_" + hex(24);
    }

    public static String imageCall() {
        return "ig_" + hex(24);
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
