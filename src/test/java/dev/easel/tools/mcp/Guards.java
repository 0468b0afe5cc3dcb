package dev.easel.tools.mcp;

import dev.easel.safety.Resolver;
import dev.easel.safety.UrlGuard;
import dev.easel.safety.UrlPolicy;
import java.net.UnknownHostException;

/** URL guards for the tests: 127.0.0.1 allow-listed on given ports (as url.allow does), and no DNS at all. */
final class Guards {
    /** Tests only dial IP literals; a lookup would be a bug. */
    static final Resolver NO_LOOKUPS = host -> {
        throw new UnknownHostException(host);
    };

    private Guards() {}

    static UrlGuard allowing(String allowList) {
        return new UrlGuard(UrlPolicy.parse(allowList), NO_LOOKUPS);
    }

    static UrlGuard allowingPort(int port) {
        return allowing("127.0.0.1:" + port);
    }

    static UrlGuard publicOnly() {
        return new UrlGuard(UrlPolicy.publicOnly(), NO_LOOKUPS);
    }
}
