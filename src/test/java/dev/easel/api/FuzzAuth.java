package dev.easel.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The {@code Authorization} headers of the fuzz run against a server with an API key: request
 * {@code i} of seed {@code s} carries, chosen by a {@link Random} of its own (so the request's
 * bytes are those of the run without keys), no header, a malformed one ({@code Bearer} alone,
 * {@code Basic}, 10,000 characters, NUL and control bytes), a key of another shape, a wrong key,
 * or the valid key, written as clients write it or in ways the server must still take.
 */
final class FuzzAuth {
    private FuzzAuth() {}

    /** Whether the server must take a request as the key's: yes, no, or either (a repeated header). */
    enum Verdict {
        KEY,
        NO_KEY,
        EITHER
    }

    /**
     * One choice.
     *
     * @param lines the header lines sent: none, one, or two for a repeated header
     * @param secret what no answer may repeat (the token sent); empty: nothing to look for
     */
    record Credential(String label, List<String> lines, Verdict verdict, String secret) {
        /** The request with these header lines after its request line (a request without one is left as it is). */
        FuzzRequests.Case sign(FuzzRequests.Case c) {
            String request = new String(c.bytes(), StandardCharsets.ISO_8859_1);
            int end = request.indexOf("\r\n");
            StringBuilder headers = new StringBuilder();
            lines.forEach(line -> headers.append("\r\n").append(line));
            String signed = end < 0 ? request : request.substring(0, end) + headers + request.substring(end);
            return new FuzzRequests.Case(
                    c.index(),
                    c.label() + " [" + label + "]",
                    signed.getBytes(StandardCharsets.ISO_8859_1),
                    c.halfClose(),
                    c.head());
        }

        /**
         * Whether {@code text} repeats the secret, or its first 24 characters (a message that cut
         * it short would still show it); secrets under 12 characters are not looked for.
         */
        boolean echoedIn(String text) {
            return secret.length() >= 12 && text.contains(secret.substring(0, Math.min(24, secret.length())));
        }
    }

    static Credential pick(long seed, int index, String key) {
        Random r = new Random(~(seed * 1_000_003L + index));
        String other = "sk-" + hex(r, 40);
        return switch (r.nextInt(24)) {
            case 0, 1, 2, 3, 4, 5, 6, 7 -> header("valid", "Bearer " + key, Verdict.KEY, key);
            case 8 -> header("lower-case scheme", "bearer " + key, Verdict.KEY, key);
            case 9 -> header("spaces", "Bearer   " + key + "  ", Verdict.KEY, key);
            case 10, 11 -> new Credential("none", List.of(), Verdict.NO_KEY, "");
            case 12 -> header("Bearer alone", "Bearer", Verdict.NO_KEY, "");
            case 13 -> header("empty", "", Verdict.NO_KEY, "");
            case 14 -> {
                String token = r.nextBoolean() ? "xyz" : key;
                yield header("Basic", "Basic " + token, Verdict.NO_KEY, token);
            }
            case 15 -> {
                String token = hex(r, 10_000);
                yield header("10k token", "Bearer " + token, Verdict.NO_KEY, token);
            }
            case 16 -> {
                String token = "sk-" + hex(r, 300);
                yield header("token past the longest key", "Bearer " + token, Verdict.NO_KEY, token);
            }
            case 17 -> {
                char control = List.of('\u0000', '\u0001', '\u001f', '\u007f', '\u00e9', '\t')
                        .get(r.nextInt(6));
                String token = key.substring(0, 20) + control + key.substring(20);
                yield header("control byte " + (int) control, "Bearer " + token, Verdict.NO_KEY, token);
            }
            case 18 -> {
                // the key, one character changed: the same shape and length
                int at = 3 + r.nextInt(key.length() - 3);
                char changed = key.charAt(at) == 'a' ? 'b' : 'a';
                String token = key.substring(0, at) + changed + key.substring(at + 1);
                yield header("wrong key", "Bearer " + token, Verdict.NO_KEY, token);
            }
            case 19 -> header("another key", "Bearer " + other, Verdict.NO_KEY, other);
            case 20 -> {
                String token = switch (r.nextInt(5)) {
                    case 0 -> "admin:" + key;
                    case 1 -> key + " " + key;
                    case 2 -> key.toUpperCase(java.util.Locale.ROOT);
                    case 3 -> "sk-proj-" + hex(r, 64);
                    default -> "eyJhbGciOiJIUzI1NiJ9." + hex(r, 40) + "." + hex(r, 20);
                };
                yield header("key of another shape", "Bearer " + token, Verdict.NO_KEY, token);
            }
            case 21 -> header("no scheme", key, Verdict.NO_KEY, key);
            // Authorization is not a list: which of two the server reads is its own choice.
            case 22 ->
                new Credential(
                        "repeated, wrong first",
                        List.of("Authorization: Bearer " + other, "Authorization: Bearer " + key),
                        Verdict.EITHER,
                        other);
            default ->
                new Credential(
                        "repeated, valid first",
                        List.of("Authorization: Bearer " + key, "Authorization: Bearer " + other),
                        Verdict.EITHER,
                        other);
        };
    }

    private static Credential header(String label, String value, Verdict verdict, String secret) {
        return new Credential(label, List.of("Authorization: " + value), verdict, secret);
    }

    private static String hex(Random r, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(Character.forDigit(r.nextInt(16), 16));
        }
        return out.toString();
    }
}
