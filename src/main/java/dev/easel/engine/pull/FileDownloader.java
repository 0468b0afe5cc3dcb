package dev.easel.engine.pull;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings one file into the model folder: reuses it when already intact, otherwise downloads into
 * {@code <file>.part}, resuming a part left by an earlier attempt, verifies size and hash, and moves it
 * into place atomically. A file at its final name is therefore always complete and verified.
 */
final class FileDownloader {

    /** What fetching one file cost: bytes received, and bytes that were already on disk. */
    record Outcome(boolean reused, long bytesDownloaded, long bytesReused) {}

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-\\d+/(\\d+|\\*)");

    private final HubHttp http;
    private final RetryPolicy retry;
    private final PullListener listener;

    FileDownloader(HubHttp http, RetryPolicy retry, PullListener listener) {
        this.http = http;
        this.retry = retry;
        this.listener = listener;
    }

    /** @throws IOException the last transfer failure once retries are spent; the part file is kept for resuming */
    Outcome fetch(RepoRevision at, PlannedFile file, Path folder)
            throws IOException, PullException, InterruptedException {
        Transfer t = new Transfer(file, folder.resolve(file.target()));
        if (LocalFiles.call(t.target, () -> isIntact(t))) {
            listener.fileSkipped(file.target(), t.size);
            return new Outcome(true, 0, t.size);
        }
        LocalFiles.call(t.target.getParent(), () -> Files.createDirectories(t.target.getParent()));
        LocalFiles.call(t.part, () -> keepPart(t));
        boolean resumedAtStart = t.reused > 0;
        listener.fileStarted(file.target(), t.size, t.reused);
        URI url = http.urls().resolve(at, file.source().path());
        for (int attempt = 1; ; attempt++) {
            try {
                if (t.onDisk < t.size) {
                    receive(url, t, at);
                }
                String actual = t.digest.actual();
                if (!actual.equals(t.digest.expected())) {
                    LocalFiles.deleteQuietly(t.part);
                    if (resumedAtStart) {
                        // The kept part may stem from another revision or a damaged disk: one clean retry.
                        resumedAtStart = false;
                        t.restart();
                        throw new RetryableIOException("checksum mismatch after resuming; downloading " + file.target()
                                + " again from the start");
                    }
                    throw new PullException(
                            PullException.Reason.INTEGRITY,
                            "checksum mismatch for "
                                    + file.target() + ": expected " + t.digest.algorithm() + " " + t.digest.expected()
                                    + ", got " + actual + "; the download was deleted");
                }
                LocalFiles.call(t.target, () -> moveIntoPlace(t.part, t.target));
                listener.fileDone(file.target(), t.size);
                return new Outcome(false, t.received, t.reused);
            } catch (IOException e) {
                if (!retry.allowsAnother(attempt)) {
                    throw e;
                }
                listener.retrying(file.target(), attempt + 1, HubErrors.describe(e));
                retry.pauseAfter(attempt);
            }
        }
    }

    private void receive(URI url, Transfer t, RepoRevision at) throws IOException, PullException, InterruptedException {
        try (HubResponse response = http.get(url, t.onDisk)) {
            if (response.status() == 416) {
                LocalFiles.deleteQuietly(t.part);
                t.restart();
                throw new RetryableIOException("the server cannot resume " + t.name + "; starting over");
            }
            HubErrors.check(response, at, Optional.of(t.file.source().path()), http.settings());
            boolean append = false;
            if (response.status() == 206) {
                long start = rangeStart(response);
                if (start != t.onDisk) {
                    LocalFiles.deleteQuietly(t.part);
                    t.restart();
                    throw new RetryableIOException("the server resumed " + t.name + " at byte " + start + " instead of "
                            + t.onDisk + "; starting over");
                }
                append = t.onDisk > 0;
            } else {
                t.restart();
            }
            boolean appending = append;
            try (FileChannel channel = LocalFiles.call(t.part, () -> open(t.part, appending))) {
                copy(response.body(), channel, t);
            }
        }
    }

    private void copy(BodyStream body, FileChannel channel, Transfer t)
            throws IOException, PullException, InterruptedException {
        for (List<ByteBuffer> chunk = body.next(); chunk != null; chunk = body.next()) {
            for (ByteBuffer buffer : chunk) {
                int length = buffer.remaining();
                if (t.onDisk + length > t.size) {
                    channel.close();
                    LocalFiles.deleteQuietly(t.part);
                    throw new PullException(
                            PullException.Reason.INTEGRITY,
                            "size mismatch for " + t.name + ": the server sent more than the " + t.size
                                    + " bytes listed; the download was deleted");
                }
                t.digest.update(buffer.duplicate());
                LocalFiles.call(t.part, () -> {
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    return null;
                });
                t.onDisk += length;
                t.received += length;
            }
            listener.progress(t.name, t.onDisk, t.size);
        }
        if (t.onDisk < t.size) {
            throw new IOException("connection closed after " + t.onDisk + " of " + t.size + " bytes of " + t.name);
        }
        LocalFiles.call(t.part, () -> {
            channel.force(true);
            return null;
        });
    }

    private static boolean isIntact(Transfer t) throws IOException {
        return Files.isRegularFile(t.target)
                && Files.size(t.target) == t.size
                && t.digest.matchesFile(t.target, t.size);
    }

    /** Keeps (and hashes) a part file from an earlier attempt unless it is longer than the file. */
    private static Void keepPart(Transfer t) throws IOException {
        t.restart();
        if (Files.isRegularFile(t.part)) {
            long length = Files.size(t.part);
            if (length > t.size) {
                Files.delete(t.part);
            } else {
                t.digest.updateFrom(t.part, length);
                t.onDisk = length;
                t.reused = length;
            }
        }
        return null;
    }

    private static FileChannel open(Path part, boolean append) throws IOException {
        return append
                ? FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                : FileChannel.open(
                        part,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static Void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return null;
    }

    private static long rangeStart(HubResponse response) {
        Matcher m = CONTENT_RANGE.matcher(
                response.headers().firstValue("Content-Range").orElse(""));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Mutable state of one file's transfer; {@code digest} always covers exactly the first {@code onDisk} bytes of the part. */
    private static final class Transfer {
        final PlannedFile file;
        final String name;
        final long size;
        final Path target;
        final Path part;
        final ContentDigest digest;
        long onDisk;
        long received;
        long reused;

        Transfer(PlannedFile file, Path target) {
            this.file = file;
            this.name = file.target();
            this.size = file.source().size();
            this.target = target;
            this.part = target.resolveSibling(target.getFileName() + ".part");
            this.digest = ContentDigest.forFile(file.source());
        }

        /** Back to byte 0; the caller removes or truncates the part file. */
        void restart() {
            onDisk = 0;
            reused = 0;
            digest.reset();
        }
    }
}
