package dev.easel.engine;

/** Thrown by a run whose {@link CancelToken} fired; carries how far it got. */
public final class GenerationCancelledException extends RuntimeException {
    private final int completedSteps;

    public GenerationCancelledException(int completedSteps) {
        super("generation cancelled after " + completedSteps + " steps");
        this.completedSteps = completedSteps;
    }

    public int completedSteps() {
        return completedSteps;
    }
}
