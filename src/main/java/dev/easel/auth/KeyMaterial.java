package dev.easel.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * API key text: new keys ({@code sk-easel-} and 256 random bits, base64url), their SHA-256 (the
 * only form ever stored or kept in memory past authentication: keys are long random strings, so a
 * fast hash is as good as a slow one and checks stay cheap), and the id derived for keys given in
 * configuration.
 */
public final class KeyMaterial {
    public static final String PREFIX = "sk-easel-";
    /** Shorter keys are refused: a key must be too long to guess. */
    public static final int MIN_LENGTH = 32;

    public static final int MAX_LENGTH = 256;

    private KeyMaterial() {}

    public static String generate(RandomGenerator random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The hex SHA-256 of the key's UTF-8 bytes. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The stable id of a key from configuration: {@code key_} and 16 hex digits of a hash of its hash. */
    public static String configuredId(String hash) {
        return "key_" + hash(hash).substring(0, 16);
    }

    /** A key fit to be one: printable ASCII without spaces, {@value #MIN_LENGTH} to {@value #MAX_LENGTH} long. */
    public static void check(String key, String where) {
        if (key.length() < MIN_LENGTH || key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("an API key " + where + " is " + key.length() + " characters; keys are "
                    + MIN_LENGTH + " to " + MAX_LENGTH + " (make one with `easel keys create`)");
        }
        if (key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("an API key " + where + " has spaces or non-ASCII characters");
        }
    }

    /** The last four characters, for telling keys apart in listings ({@code sk-…AbCd}). */
    public static String hint(String key) {
        return key.substring(key.length() - 4);
    }
}
