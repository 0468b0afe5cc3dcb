package dev.easel.auth;

import java.util.Locale;

/** What a key may do: {@code user} keys see their own data; {@code admin} keys also /metrics and every key's data. */
public enum Scope {
    USER,
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the two scopes */
    public static Scope parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "user" -> USER;
            case "admin" -> ADMIN;
            default -> throw new IllegalArgumentException("a scope is user or admin, not '" + text.strip() + "'");
        };
    }
}
