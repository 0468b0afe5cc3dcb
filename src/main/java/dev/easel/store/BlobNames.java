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

    /** The name of {@code key}'s blob: the first 128 bits of its SHA-256, so keys need not be secret or short. */
    static String keyed(String prefix, String key, String extension) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return prefix + "_" + HexFormat.of().formatHex(digest, 0, 16) + "." + extension;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** {@code name}, when it is of the issued shape. */
    static String checked(String name) {
        if (!issued(name)) {
            throw new IllegalArgumentException("not a blob name: " + name);
        }
        return name;
    }

    static boolean issued(String name) {
        return NAME.matcher(name).matches();
    }
}
