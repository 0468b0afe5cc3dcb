package dev.easel.cli;

import dev.easel.engine.convert.ConversionProgress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A model's one-time conversions (float16 to float32, the fused and int8 UNet copies) on stderr
 * as {@link Progress}: a bar on a terminal, a line per tenth otherwise. Conversions of less than
 * {@code shownFrom} bytes take well under a second and show nothing.
 */
final class ConversionMeter implements ConversionProgress {
    /** What the command line shows: conversions of 64 MB and more. */
    static final long SHOWN_FROM = 64L << 20;

    private final long shownFrom;
    private final Function<Progress.Task, Progress> start;
    private Progress progress;

    ConversionMeter(PrintWriter err) {
        this(SHOWN_FROM, task -> Progress.start(task, err));
    }

    ConversionMeter(long shownFrom, Function<Progress.Task, Progress> start) {
        this.shownFrom = shownFrom;
        this.start = start;
    }

    @Override
    public void started(String source, long totalBytes) {
        if (totalBytes >= shownFrom) {
            Path file = Path.of(source);
            String name = file.getParent() == null
                    ? file.toString()
                    : file.getParent().getFileName() + "/" + file.getFileName();
            progress = start.apply(
                    new Progress.Task("converting " + name, totalBytes, " MB", 1_000_000, Progress.Every.TENTH));
        }
    }

    @Override
    public void written(long bytes) {
        if (progress != null) {
            progress.to(bytes);
        }
    }

    @Override
    public void finished() {
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }
}
