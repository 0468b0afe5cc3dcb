package dev.easel.engine.pull;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads the {@code rel="next"} target of RFC 8288 {@code Link} headers, as the Hub paginates with them. */
final class LinkHeader {

    private LinkHeader() {}

    /** The next page, resolved against {@code base}, or empty on the last page. */
    static Optional<URI> next(List<String> headerValues, URI base) {
        for (String value : headerValues) {
            int at = 0;
            while (true) {
                int open = value.indexOf('<', at);
                int close = open < 0 ? -1 : value.indexOf('>', open);
                if (close < 0) {
                    break;
                }
                String target = value.substring(open + 1, close).strip();
                int end = value.indexOf('<', close);
                String params = value.substring(close + 1, end < 0 ? value.length() : end);
                if (isNext(params)) {
                    try {
                        return Optional.of(base.resolve(target));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                }
                at = close + 1;
            }
        }
        return Optional.empty();
    }

    private static boolean isNext(String params) {
        for (String param : params.split(";")) {
            String[] kv = param.split("=", 2);
            if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("rel")) {
                String rels = kv[1].strip().replace("\"", "").replace(",", " ").toLowerCase(Locale.ROOT);
                for (String rel : rels.split("\\s+")) {
                    if (rel.equals("next")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
