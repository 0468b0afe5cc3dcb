package dev.easel.engine.sched;

/** Immutable, thread-safe factory for runs. */
public interface Scheduler {

    SchedulerKind kind();

    SchedulerConfig config();

    /**
     * Plans a run of {@code steps} inference steps.
     *
     * @throws IllegalArgumentException unless 1 ≤ steps ≤ numTrainTimesteps (LCM: ≤ originalInferenceSteps),
     *     or when the planned timesteps fall outside the training table (DDIM with a large stepsOffset)
     */
    Schedule schedule(int steps);

    /**
     * @throws IllegalArgumentException for a combination diffusers does not support: Euler ancestral
     *     with {@link PredictionType#SAMPLE}
     */
    static Scheduler create(SchedulerKind kind, SchedulerConfig config) {
        return new DiffusionScheduler(kind, config);
    }
}
