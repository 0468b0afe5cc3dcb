package dev.easel.cli;

import dev.easel.engine.pull.PullListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Draws pull progress on stderr. On a terminal each file gets a {@link Progress.Bar} (its bytes,
 * rate and ETA, with the whole pull's bytes beside it), which stays on screen as a line once the
 * file is done; otherwise (logs, CI) a line is printed when a file starts, at every tenth of it
 * (with the whole pull's bytes), and when it ends.
 */
final class PullProgress implements PullListener {

    private final PrintWriter err;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private int fileCount;
    private int fileIndex;
    private long totalBytes;
    /** Bytes of the files before the current one, downloaded or reused. */
    private long finishedBytes;

    private long startedNanos;
    private long startedAt;
    private int lastTenth;
    private Progress.Bar bar;

    PullProgress(PrintWriter err, boolean interactive, LongSupplier nanoClock) {
        this.err = err;
        this.interactive = interactive;
        this.nanoClock = nanoClock;
    }

    @Override
    public void planned(int files, long totalBytes) {
        fileCount = files;
        fileIndex = 0;
        this.totalBytes = totalBytes;
        finishedBytes = 0;
        line("pulling " + files + " files, " + megabytes(totalBytes));
    }

    @Override
    public void fileSkipped(String path, long size) {
        fileIndex++;
        finishedBytes += size;
        line(prefix() + path + "  already present and verified (" + megabytes(size) + ")");
    }

    @Override
    public void fileStarted(String path, long size, long resumedFrom) {
        fileIndex++;
        startedNanos = nanoClock.getAsLong();
        startedAt = resumedFrom;
        lastTenth = size == 0 ? 0 : (int) (resumedFrom * 10 / size);
        String resume = resumedFrom > 0 ? ", resuming at " + megabytes(resumedFrom) : "";
        if (interactive) {
            finish();
            String name = path.length() > 40 ? "…" + path.substring(path.length() - 39) : path;
            bar = new Progress.Bar(
                    new Progress.Task(prefix() + name, size, " MB", 1_000_000, Progress.Every.TENTH), System.err);
            bar.to(resumedFrom);
            bar.note(total(resumedFrom) + resume);
        } else {
            line(prefix() + path + "  " + megabytes(size) + resume);
        }
    }

    @Override
    public void progress(String path, long done, long size) {
        if (bar != null) {
            bar.to(done);
            bar.note(total(done));
            return;
        }
        int tenth = size == 0 ? 10 : (int) (done * 10 / size);
        if (tenth > lastTenth && tenth < 10) {
            line(String.format(
                    Locale.ROOT, "  %s  %d%%  %s / %s  %s", path, tenth * 10, mb(done), megabytes(size), total(done)));
        }
        lastTenth = tenth;
    }

    @Override
    public void retrying(String path, int attempt, String problem) {
        line("  " + path + ": " + problem + "; retrying (attempt " + attempt + ")");
    }

    @Override
    public void fileDone(String path, long size) {
        finishedBytes += size;
        if (bar != null) {
            bar.to(size);
            bar.note("done, " + total(0));
            finish();
            return;
        }
        double seconds = Math.max(1e-9, (nanoClock.getAsLong() - startedNanos) / 1e9);
        line(String.format(
                Locale.ROOT,
                "%s%s  done, %s at %.1f MB/s",
                prefix(),
                path,
                megabytes(size),
                (size - startedAt) / 1e6 / seconds));
    }

    /** Ends a bar still drawn, so that what follows starts on its own line. */
    void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        err.flush();
    }

    static String megabytes(long bytes) {
        return mb(bytes) + " MB";
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }

    /** The whole pull's bytes with {@code done} of the current file. */
    private String total(long done) {
        return "total " + mb(finishedBytes + done) + " / " + megabytes(totalBytes);
    }

    private void line(String text) {
        if (bar != null) {
            bar.line(text);
        } else {
            err.println(text);
            err.flush();
        }
    }

    private String prefix() {
        return "[" + fileIndex + "/" + fileCount + "] ";
    }
}
