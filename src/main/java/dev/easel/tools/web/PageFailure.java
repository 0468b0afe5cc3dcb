package dev.easel.tools.web;

import dev.easel.safety.UrlRefusedException;

/**
 * Why a page could not be read. Messages name the URL without its query string (where tokens
 * tend to live) and the class of a refused address, never the address itself.
 */
public sealed interface PageFailure {
    String message();

    /** The URL guard refused the URL or a redirect target: bad URL, scheme, private address, too many redirects. */
    record Refused(UrlRefusedException.Reason reason, String message) implements PageFailure {}

    /** The site's robots.txt disallows this page for Easel's user agent (or answered 5xx). */
    record RobotsDisallowed(String message) implements PageFailure {}

    /** The server answered with a non-2xx status that was not a redirect. */
    record HttpStatus(int status, String message) implements PageFailure {}

    /** The body, before or after decompression, passed the byte limit. */
    record TooLarge(String message) implements PageFailure {}

    /** The whole read (robots.txt, every hop, the body) took longer than the time limit. */
    record Timeout(String message) implements PageFailure {}

    /** The content type is not one read as text (HTML, XHTML, plain text). */
    record NotHtml(String contentType, String message) implements PageFailure {}

    /** No usable answer: the host does not resolve, the connection failed or broke, the response was malformed. */
    record Unreachable(String message) implements PageFailure {}
}
