package dev.easel.api;

import dev.easel.auth.Caller;
import dev.easel.store.FileRepository;
import dev.easel.store.ResponseRepository;
import dev.easel.wire.ApiException;

/**
 * The bytes one API key may keep stored: its files and its stored responses (their JSON, items and
 * events). A request that would store more is OpenAI's 429 {@code insufficient_quota}, naming the
 * limit and what is used, before anything is stored; deleting files or responses frees room. A
 * response counts what it holds when its status last changed, so a key may pass the limit by what
 * its running responses make. A limit of 0 is off, and a server without API keys has none.
 */
final class StorageQuota {
    private final long limit;
    private final ResponseRepository responses;
    private final FileRepository files;

    StorageQuota(long limit, ResponseRepository responses, FileRepository files) {
        this.limit = limit;
        this.responses = responses;
        this.files = files;
    }

    /** Refuses the request if the caller's stored bytes and {@code adding} more pass the limit. */
    void check(Caller caller, long adding) {
        if (limit == 0 || caller == Caller.OPEN) {
            return;
        }
        long used = responses.storedBytes(caller.owner()) + files.storedBytes(caller.owner());
        if (used + adding > limit) {
            throw ApiException.quotaExceeded("This API key stores " + used + " bytes"
                    + (adding > 0 ? " and this request adds " + adding : "") + "; the limit is " + limit
                    + " bytes (limits.stored_bytes). Delete files or responses to make room.");
        }
    }
}
