package dev.easel.auth;

import java.util.Locale;
import java.util.Set;

/**
 * Whether a server may start as configured: one that other machines can reach (any address but
 * loopback) needs API keys, unless the operator explicitly runs it without
 * ({@code --insecure-no-auth}).
 */
public final class Exposure {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "[::1]", "localhost");

    private Exposure() {}

    public static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return LOOPBACK.contains(h) || h.startsWith("127.");
    }

    /**
     * @throws IllegalStateException saying how to set keys, when the server would be reachable
     *     without them
     */
    public static void check(String host, boolean anyKeys, boolean insecureNoAuth) {
        if (anyKeys || loopback(host) || insecureNoAuth) {
            return;
        }
        throw new IllegalStateException("Easel would listen on " + host
                + ", which other machines can reach, but no API keys are set. Create one with"
                + " `easel keys create --name NAME` (clients then send it as Authorization: Bearer KEY), or give keys in"
                + " EASEL_API_KEYS (auth.api_keys) or a file named by auth.keys_file; or pass --insecure-no-auth to serve"
                + " everyone without authentication.");
    }
}
