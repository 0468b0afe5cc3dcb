package dev.easel.auth;

import java.util.Objects;

/**
 * Who makes a request: the id of the API key it came with (the owner of what it creates) and the
 * key's scope. Without API keys (a server on loopback, or started with --insecure-no-auth) every
 * request is {@link #OPEN}: one owner, the empty string, who sees everything.
 *
 * @param owner the key's id ({@code key_…}), stored with every response and file it makes
 */
public record Caller(String owner, Scope scope) {
    /** Every request of a server without API keys. */
    public static final Caller OPEN = new Caller("", Scope.ADMIN);

    public Caller {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(scope, "scope");
    }

    /** Whether this caller may see data that {@code owner} made: its own, or any for an admin key. */
    public boolean sees(String dataOwner) {
        return scope == Scope.ADMIN || owner.equals(dataOwner);
    }

    public boolean isAdmin() {
        return scope == Scope.ADMIN;
    }
}
