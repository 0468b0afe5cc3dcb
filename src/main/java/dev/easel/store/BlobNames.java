package dev.easel.store;

import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The names blob stores issue: {@code prefix_<32 hex>.extension}, 128 random bits, the capability in image URLs.
 * A name of any other shape was never issued, so stores treat it as absent (and it cannot step out of a folder
 * or a key prefix).
 */
final class BlobNames {
    private static final Pattern NAME = Pattern.compile("[a-z]+_[0-9a-f]{32}\\.[a-z0-9]{1,5}");

    private BlobNames() {}

    static String issue(String prefix, String extension, RandomGenerator random) {
        byte[] id = new byte[16];
        synchronized (random) {
            random.nextBytes(id);
        }
        return prefix + "_" + HexFormat.of().formatHex(id) + "." + extension;
    }

    static boolean issued(String name) {
        return NAME.matcher(name).matches();
    }
}
