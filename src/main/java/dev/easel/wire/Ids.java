package dev.easel.wire;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Object ids with OpenAI's prefixes (resp_, msg_, ig_, file-, item_, req_), and image seeds, drawn from the random source
 * {@code Easel.start} injects (a {@link java.security.SecureRandom} in production, so ids are
 * unguessable; a seeded one in tests). Thread-safe when the source is.
 */
public final class Ids {
    private final RandomGenerator random;

    public Ids(RandomGenerator random) {
        this.random = random;
    }

    public String response() {
        return "resp_" + hex(24);
    }

    public String message() {
        return "msg_" + hex(24);
    }

    public String imageCall() {
        return "ig_" + hex(24);
    }

    /** {@code mcpl_…}: an {@code mcp_list_tools} item. */
    public String mcpList() {
        return "mcpl_" + hex(24);
    }

    /** {@code mcp_…}: an {@code mcp_call} item. */
    public String mcpCall() {
        return "mcp_" + hex(24);
    }

    /** {@code mcpr_…}: an {@code mcp_approval_request} item. */
    public String mcpApprovalRequest() {
        return "mcpr_" + hex(24);
    }

    /** {@code ws_…}: a {@code web_search_call} item. */
    public String webSearch() {
        return "ws_" + hex(24);
    }

    public String item() {
        return "item_" + hex(24);
    }

    /** {@code file-…}, for the Files API. */
    public String file() {
        return "file-" + hex(12);
    }

    /** {@code req_…}, the {@code x-request-id} of an HTTP response. */
    public String request() {
        return "req_" + hex(12);
    }

    /** A random engine seed (an image's, when the request gives none), in [0, 2^53). */
    public long seed() {
        synchronized (this) {
            return random.nextLong() & ((1L << 53) - 1);
        }
    }

    public String hex(int bytes) {
        byte[] b = new byte[bytes];
        synchronized (this) {
            random.nextBytes(b);
        }
        return HexFormat.of().formatHex(b);
    }
}
