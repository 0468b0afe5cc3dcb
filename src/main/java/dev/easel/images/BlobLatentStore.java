package dev.easel.images;

import dev.easel.engine.LatentStore;
import dev.easel.engine.Latents;
import dev.easel.store.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generated images' latents in a shared blob store (the S3 bucket several nodes use), so that an edit finds
 * its source's latents whichever node made it. Each entry is a blob named after its key
 * ({@link BlobStore#nameFor}). A bucket has no "least recently used", so entries older than {@code maxAge} go:
 * at most once an hour, after a save, a sweep deletes them (an edit of an older image then starts from its
 * pixels, as after any cache miss).
 */
public final class BlobLatentStore implements LatentStore {
    private static final Logger log = LoggerFactory.getLogger(BlobLatentStore.class);
    /** How long {@code easel serve} keeps latents in a bucket: a week after the image was made. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

    private static final Duration SWEEP_EVERY = Duration.ofHours(1);

    private final BlobStore blobs;
    private final Duration maxAge;
    private final Clock clock;
    private final AtomicReference<Instant> nextSweep;

    public BlobLatentStore(BlobStore blobs, Duration maxAge, Clock clock) {
        this.blobs = blobs;
        this.maxAge = maxAge;
        this.clock = clock;
        this.nextSweep = new AtomicReference<>(clock.instant());
    }

    @Override
    public Optional<Latents> load(String key) {
        try {
            return blobs.get(name(key)).map(Latents::fromBytes);
        } catch (IOException | RuntimeException e) {
            // A cache: an unreadable entry is a miss, and the edit starts from the pixels.
            log.debug("latents not read back: {}", e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void save(String key, Latents latents) {
        try {
            blobs.replace(name(key), latents.toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store latents", e);
        }
        Instant now = clock.instant();
        Instant due = nextSweep.get();
        if (!now.isBefore(due) && nextSweep.compareAndSet(due, now.plus(SWEEP_EVERY))) {
            Thread.ofVirtual().name("easel-latents-sweep").start(() -> sweep(now.minus(maxAge)));
        }
    }

    @Override
    public void delete(String key) {
        try {
            blobs.delete(name(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete latents", e);
        }
    }

    private void sweep(Instant before) {
        try {
            int deleted = blobs.deleteOlderThan(before);
            if (deleted > 0) {
                log.debug("deleted {} latents older than {}", deleted, maxAge);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not delete old latents: {}", e.toString());
        }
    }

    private String name(String key) {
        return blobs.nameFor(key, "lat");
    }
}
