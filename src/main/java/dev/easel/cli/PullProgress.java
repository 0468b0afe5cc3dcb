package dev.easel.cli;

import dev.easel.engine.pull.PullListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Draws pull progress on stderr. On a terminal one line per file is redrawn in place with {@code \r}
 * (name, percent, MB done/total, MB/s, ETA) at most ten times a second; otherwise (logs, CI) a line is
 * printed when a file starts, at every tenth of it, and when it ends.
 */
final class PullProgress implements PullListener {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private int fileCount;
    private int fileIndex;
    private long startedNanos;
    private long startedAt;
    private long lastDrawNanos;
    private int lastTenth;
    private int drawnWidth;

    PullProgress(PrintWriter err, boolean interactive, LongSupplier nanoClock) {
        this.err = err;
        this.interactive = interactive;
        this.nanoClock = nanoClock;
    }

    @Override
    public void planned(int files, long totalBytes) {
        fileCount = files;
        fileIndex = 0;
        line("pulling " + files + " files, " + megabytes(totalBytes));
    }

    @Override
    public void fileSkipped(String path, long size) {
        fileIndex++;
        line(prefix() + path + "  already present and verified (" + megabytes(size) + ")");
    }

    @Override
    public void fileStarted(String path, long size, long resumedFrom) {
        fileIndex++;
        startedNanos = nanoClock.getAsLong();
        startedAt = resumedFrom;
        lastDrawNanos = 0;
        lastTenth = size == 0 ? 0 : (int) (resumedFrom * 10 / size);
        String resume = resumedFrom > 0 ? ", resuming at " + megabytes(resumedFrom) : "";
        if (interactive) {
            draw(path, resumedFrom, size);
        } else {
            line(prefix() + path + "  " + megabytes(size) + resume);
        }
    }

    @Override
    public void progress(String path, long done, long size) {
        long now = nanoClock.getAsLong();
        if (interactive) {
            if (now - lastDrawNanos >= REDRAW_NANOS) {
                lastDrawNanos = now;
                draw(path, done, size);
            }
            return;
        }
        int tenth = size == 0 ? 10 : (int) (done * 10 / size);
        if (tenth > lastTenth && tenth < 10) {
            line(String.format(Locale.ROOT, "  %s  %d%%  %s / %s", path, tenth * 10, mb(done), megabytes(size)));
        }
        lastTenth = tenth;
    }

    @Override
    public void retrying(String path, int attempt, String problem) {
        line("  " + path + ": " + problem + "; retrying (attempt " + attempt + ")");
    }

    @Override
    public void fileDone(String path, long size) {
        double seconds = Math.max(1e-9, (nanoClock.getAsLong() - startedNanos) / 1e9);
        line(String.format(
                Locale.ROOT,
                "%s%s  done, %s at %.1f MB/s",
                prefix(),
                path,
                megabytes(size),
                (size - startedAt) / 1e6 / seconds));
    }

    /** Ends a half-drawn bar so that what follows starts on its own line. */
    void finish() {
        if (drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            drawnWidth = 0;
        }
        err.flush();
    }

    static String megabytes(long bytes) {
        return mb(bytes) + " MB";
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }

    private void draw(String path, long done, long size) {
        double seconds = (nanoClock.getAsLong() - startedNanos) / 1e9;
        double rate = seconds > 0 ? (done - startedAt) / seconds : 0;
        String eta = rate > 0 ? duration((size - done) / rate) : "--:--";
        String name = path.length() > 40 ? "…" + path.substring(path.length() - 39) : path;
        String text = String.format(
                Locale.ROOT,
                "%s%s  %3d%%  %s / %s  %.1f MB/s  ETA %s",
                prefix(),
                name,
                size == 0 ? 100 : done * 100 / size,
                mb(done),
                megabytes(size),
                rate / 1e6,
                eta);
        err.print("\r" + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
        err.flush();
        drawnWidth = text.length();
    }

    private void line(String text) {
        if (drawnWidth > 0) {
            err.print("\r" + text + " ".repeat(Math.max(0, drawnWidth - text.length())) + System.lineSeparator());
            drawnWidth = 0;
        } else {
            err.println(text);
        }
        err.flush();
    }

    private String prefix() {
        return "[" + fileIndex + "/" + fileCount + "] ";
    }

    private static String duration(double seconds) {
        long s = (long) Math.ceil(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
