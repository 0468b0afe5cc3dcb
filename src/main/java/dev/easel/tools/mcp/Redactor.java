package dev.easel.tools.mcp;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Removes the session's secrets (bearer token, header values) from any text before it becomes an
 * error message: servers quote requests back, and an SDK message may quote a server.
 */
record Redactor(List<String> secrets) {
    static final String MARK = "[redacted]";

    Redactor(Set<String> secrets) {
        // Longest first, so a secret containing another is removed whole.
        this(secrets.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList());
    }

    String clean(String text) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MARK);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Redactor[" + secrets.size() + " secrets]";
    }
}
