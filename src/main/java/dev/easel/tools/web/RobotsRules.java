package dev.easel.tools.web;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRules.RobotRulesMode;
import crawlercommons.robots.SimpleRobotRulesParser;
import dev.easel.safety.Fetched;
import dev.easel.safety.UrlGuard;
import dev.easel.safety.UrlRefusedException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * robots.txt per origin, fetched through the URL guard and cached. As RFC 9309 §2.3.1 says: a 4xx
 * answer (no file) allows everything; a 5xx answer disallows everything for as long as it is
 * cached; no answer at all disallows this read only. Thread-safe; two first reads of one origin at once may both fetch it.
 */
final class RobotsRules {
    /** RFC 9309 §2.5: crawlers must parse at least 500 KiB. */
    static final long MAX_BYTES = 512 * 1024;

    static final Duration TTL = Duration.ofHours(1);

    /** Bounds on what the cache keeps: origins, and rules over all of them (a rule is a path prefix). */
    static final int MAX_ORIGINS = 1024;

    static final long MAX_RULES = 200_000;

    /** How much of the read's time robots.txt may take, so a slow robots.txt leaves time for the page. */
    static final double SHARE_OF_TIMEOUT = 0.5;

    private final UrlGuard guard;
    private final String userAgent;
    private final TtlCache<BaseRobotRules> cache;

    RobotsRules(UrlGuard guard, String userAgent, Clock clock) {
        this.guard = guard;
        this.userAgent = userAgent.toLowerCase(Locale.ROOT);
        this.cache = new TtlCache<>(clock, TTL, MAX_ORIGINS, MAX_RULES, RobotsRules::weight);
    }

    /**
     * Whether the origin's robots.txt lets the user agent read this page.
     *
     * @throws UrlRefusedException TIMEOUT when robots.txt did not arrive in time (not cached)
     */
    boolean allows(URI page, Duration timeout) throws UrlRefusedException, InterruptedException {
        String origin = origin(page);
        BaseRobotRules rules = cache.get(origin).orElse(null);
        if (rules == null) {
            rules = fetch(origin, timeout);
        }
        return rules.isAllowed(page.toString());
    }

    private BaseRobotRules fetch(String origin, Duration timeout) throws UrlRefusedException, InterruptedException {
        String url = origin + "/robots.txt";
        BaseRobotRules rules;
        try {
            Fetched robots = guard.fetch(url, MAX_BYTES, timeout);
            rules = new SimpleRobotRulesParser()
                    .parseContent(url, robots.body(), robots.contentType(), List.of(userAgent));
        } catch (UrlRefusedException e) {
            if (e.reason() == UrlRefusedException.Reason.TIMEOUT) {
                throw e;
            }
            int status = e.status().orElse(0);
            if (status == 0) {
                // No answer (refused redirect, broken connection, too large): disallowed, but only this time.
                return new SimpleRobotRules(RobotRulesMode.ALLOW_NONE);
            }
            rules = new SimpleRobotRules(status < 500 ? RobotRulesMode.ALLOW_ALL : RobotRulesMode.ALLOW_NONE);
        }
        cache.put(origin, rules);
        return rules;
    }

    private static long weight(BaseRobotRules rules) {
        return rules instanceof SimpleRobotRules simple
                ? 1 + simple.getRobotRules().size()
                : 1;
    }

    /** scheme://host[:port], lower case, without a default port: robots.txt is per origin. */
    static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
