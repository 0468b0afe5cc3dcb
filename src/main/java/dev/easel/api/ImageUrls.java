package dev.easel.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Returned image URLs ({@code response_format: "url"}, the MCP tools' resource links) are signed
 * and expire, as OpenAI's do after an hour: {@code /v1/images/files/NAME?expires=EPOCH&sig=HMAC}.
 * The signature (HMAC-SHA256 of name and expiry under the server's secret) is what lets the
 * holder in, without an API key, so a URL can go into an {@code <img>}; a URL without a valid,
 * unexpired signature is "not found". The names themselves are unguessable too.
 */
final class ImageUrls {
    static final Duration LIFETIME = Duration.ofHours(1);
    static final String PATH = "/v1/images/files/";

    private final SecretKeySpec key;
    private final Clock clock;
    private final java.util.function.Supplier<String> base;

    /** @param base the server's base URL as clients reach it (configured, never a request's Host header) */
    ImageUrls(byte[] secret, Clock clock, java.util.function.Supplier<String> base) {
        this.base = base;
        if (secret.length < 32) {
            throw new IllegalArgumentException("the URL signing secret needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.clock = clock;
    }

    /** The signed URL of a stored image, valid for {@link #LIFETIME}. */
    String url(String name) {
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        return base.get() + PATH + name + "?expires=" + expires + "&sig=" + signature(name, expires);
    }

    /** Whether this name, expiry and signature were issued here and the URL has not expired. */
    boolean valid(String name, String expires, String sig) {
        if (expires == null
                || sig == null
                || expires.length() > 19
                || !expires.chars().allMatch(Character::isDigit)) {
            return false;
        }
        long at;
        try {
            at = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return false;
        }
        if (at < clock.instant().getEpochSecond()) {
            return false;
        }
        return MessageDigest.isEqual(
                signature(name, at).getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String name, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((name + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
