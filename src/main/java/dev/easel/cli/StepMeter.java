package dev.easel.cli;

import dev.easel.engine.GenerationListener;
import dev.easel.engine.StepProgress;
import java.io.PrintWriter;

/**
 * Denoising progress on stderr ({@link Progress}): one bar, or plain lines, over {@code runs}
 * runs of the same step count, started at the first step (an edit runs fewer steps than asked).
 * Used by the generating thread.
 */
final class StepMeter implements GenerationListener, AutoCloseable {
    private final String name;
    private final int runs;
    private final Progress.Every every;
    private final PrintWriter err;
    private Progress progress;
    private int run;

    StepMeter(String name, int runs, Progress.Every every, PrintWriter err) {
        this.name = name;
        this.runs = runs;
        this.every = every;
        this.err = err;
    }

    @Override
    public void onStep(StepProgress p) {
        if (progress == null) {
            progress = Progress.start(new Progress.Task(name, (long) runs * p.steps(), " steps", 1, every), err);
        }
        progress.to((long) run * p.steps() + p.step());
        if (p.step() == p.steps()) {
            run++;
        }
    }

    /** A line of its own (kept above a bar). */
    void line(String text) {
        if (progress != null) {
            progress.line(text);
        } else {
            err.println(text);
            err.flush();
        }
    }

    @Override
    public void close() {
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }
}
