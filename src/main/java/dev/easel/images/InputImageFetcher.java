package dev.easel.images;

import dev.easel.auth.Caller;
import dev.easel.safety.UrlGuard;
import dev.easel.safety.UrlRefusedException;
import dev.easel.store.BlobStore;
import dev.easel.store.FileRepository;
import dev.easel.store.StoredFile;
import dev.easel.wire.ApiException;
import dev.easel.wire.ContentPart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Input images named in requests: data URLs (already decoded), https URLs fetched through the URL
 * guard (no loopback or private addresses unless allow-listed), and uploaded files by id.
 */
public final class InputImageFetcher implements ImageFetcher {
    static final long MAX_BYTES = 50L << 20;
    private final UrlGuard guard;
    private final FileRepository files;
    private final BlobStore blobs;
    private final Caller caller;

    /** The fetcher of a server without keys (every file visible); {@link #as} narrows it to one caller. */
    public InputImageFetcher(UrlGuard guard, FileRepository files, BlobStore blobs) {
        this(guard, files, blobs, Caller.OPEN);
    }

    private InputImageFetcher(UrlGuard guard, FileRepository files, BlobStore blobs, Caller caller) {
        this.guard = guard;
        this.files = files;
        this.blobs = blobs;
        this.caller = caller;
    }

    @Override
    public ImageFetcher as(Caller caller) {
        return new InputImageFetcher(guard, files, blobs, caller);
    }

    @Override
    public byte[] fetch(ContentPart.ImageSource source, String param) {
        return switch (source) {
            case ContentPart.ImageSource.Inline inline -> inline.bytes();
            case ContentPart.ImageSource.File file -> {
                StoredFile stored = files.find(file.fileId())
                        .filter(f -> caller.sees(f.owner()))
                        .orElseThrow(() -> ApiException.invalid(
                                param, "image_file_not_found", "File '" + file.fileId() + "' not found."));
                try {
                    yield blobs.get(stored.blobName())
                            .orElseThrow(() -> ApiException.invalid(
                                    param,
                                    "image_file_not_found",
                                    "The content of file '" + file.fileId() + "' is gone."));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case ContentPart.ImageSource.Url url -> {
                try {
                    yield guard.fetch(url.url(), MAX_BYTES, Duration.ofSeconds(30))
                            .body();
                } catch (UrlRefusedException e) {
                    throw ApiException.invalid(
                            param,
                            e.reason() == UrlRefusedException.Reason.FETCH_FAILED
                                    ? "failed_to_download_image"
                                    : "invalid_image_url",
                            e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw ApiException.invalid(param, "failed_to_download_image", "The download was interrupted.");
                }
            }
        };
    }
}
