package dev.easel.images;

import dev.easel.wire.ContentPart;

/**
 * Gets the bytes of an input image named by URL or file id (the URL guard and the Files API live
 * outside this package). Thread-safe.
 */
public interface ImageFetcher {
    byte[] fetch(ContentPart.ImageSource source, String param);

    /** The fetcher for one caller's request: files of other keys are not found. */
    ImageFetcher as(dev.easel.auth.Caller caller);
}
