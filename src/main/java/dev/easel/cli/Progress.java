package dev.easel.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One task's progress on stderr (denoising steps, a file's bytes): on a terminal a redrawn bar
 * with rate and ETA (me.tongfei:progressbar); elsewhere (a pipe, a log, CI) plain lines, one per
 * unit or one per tenth, never a redrawn line. Lines printed with {@link #line} while a bar is
 * drawn come out above it. Used by one thread, but the bar redraws on its own.
 */
sealed interface Progress extends AutoCloseable {

    /** How often a plain-line meter prints. */
    enum Every {
        /** Every unit (a denoising step). */
        UNIT,
        /** Every tenth of the total, and at the end (bytes). */
        TENTH
    }

    /** What is counted and how it is shown. */
    record Task(String name, long total, String unit, long unitSize, Every every) {}

    /** {@code done} of the total are done. */
    void to(long done);

    /** Text shown beside the bar (plain lines: after the count). */
    void note(String text);

    /** A line of its own, kept above the bar. */
    void line(String text);

    /** Ends the bar (it stays on screen as a line) or prints nothing more. */
    @Override
    void close();

    /** A bar when stderr is a terminal, plain lines otherwise. */
    static Progress start(Task task, PrintWriter err) {
        return interactive() ? new Bar(task, System.err) : new Lines(task, err, System::nanoTime);
    }

    /**
     * True when stderr is a terminal (and {@code TERM} is not {@code dumb}). Java cannot ask about
     * stderr itself ({@link java.io.Console#isTerminal} asks about stdin and stdout), so a
     * {@code test -t 2} that inherits it does.
     */
    static boolean interactive() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            Process test = new ProcessBuilder("test", "-t", "2")
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return test.waitFor() == 0;
        } catch (IOException e) {
            java.io.Console console = System.console();
            return console != null && console.isTerminal();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The library's bar, redrawn in place on its own thread a few times a second. */
    final class Bar implements Progress {
        private final ProgressBar bar;
        private final PrintStream out;

        Bar(Task task, PrintStream out) {
            this.out = out;
            this.bar = new ProgressBarBuilder()
                    .setTaskName(task.name())
                    .setInitialMax(task.total())
                    .setUnit(task.unit(), task.unitSize())
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(100)
                    .setSpeedUnit(ChronoUnit.SECONDS)
                    .showSpeed()
                    // One bar redrawn with \r: lines printed between redraws stay above it.
                    .setConsumer(new ConsoleProgressBarConsumer(out))
                    .build();
        }

        @Override
        public void to(long done) {
            bar.stepTo(done);
        }

        @Override
        public void note(String text) {
            bar.setExtraMessage(" " + text);
        }

        @Override
        public void line(String text) {
            synchronized (out) {
                out.print("\r\033[K" + text + System.lineSeparator());
                out.flush();
            }
            bar.refresh();
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** Plain lines for a pipe: {@code NAME k/N UNIT (rate)}, one per unit or per tenth. */
    final class Lines implements Progress {
        private final Task task;
        private final PrintWriter err;
        private final LongSupplier nanoClock;
        /** When the first count came, and what it was: rates are measured from there. */
        private long firstNanos = -1;

        private long firstDone;
        private long shownTenth = -1;
        private long done;
        private String note = "";

        Lines(Task task, PrintWriter err, LongSupplier nanoClock) {
            this.task = task;
            this.err = err;
            this.nanoClock = nanoClock;
        }

        @Override
        public void to(long now) {
            done = now;
            if (firstNanos < 0) {
                firstNanos = nanoClock.getAsLong();
                firstDone = now;
            }
            if (task.every() == Every.UNIT) {
                print();
                return;
            }
            long tenth = task.total() <= 0 ? 10 : Math.min(10, now * 10 / task.total());
            if (tenth > shownTenth && (tenth > 0 || shownTenth < 0)) {
                shownTenth = tenth;
                print();
            }
        }

        @Override
        public void note(String text) {
            note = text;
        }

        @Override
        public void line(String text) {
            err.println(text);
            err.flush();
        }

        @Override
        public void close() {
            err.flush();
        }

        private void print() {
            double seconds = (nanoClock.getAsLong() - firstNanos) / 1e9;
            double units = done / (double) task.unitSize();
            double rate = seconds > 0 ? (done - firstDone) / (double) task.unitSize() / seconds : 0;
            String speed = rate > 0
                    ? String.format(
                            Locale.ROOT,
                            ", %.1f%s/s, ETA %s",
                            rate,
                            task.unit(),
                            duration((task.total() - done) / (double) task.unitSize() / rate))
                    : "";
            String count = task.unitSize() == 1
                    ? done + "/" + task.total()
                    : String.format(
                            Locale.ROOT, "%.1f/%.1f%s", units, task.total() / (double) task.unitSize(), task.unit());
            String percent = task.every() == Every.TENTH && task.total() > 0
                    ? String.format(Locale.ROOT, " %3d%%", done * 100 / task.total())
                    : "";
            err.println(task.name() + " " + count + percent + speed + (note.isEmpty() ? "" : "  " + note));
            err.flush();
        }

        private static String duration(double seconds) {
            long s = (long) Math.ceil(seconds);
            return s >= 3600
                    ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                    : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
    }
}
