package dev.easel.engine.sched;

import java.util.Objects;

/** The one {@link Scheduler} implementation: a kind, a config and the training noise table built from it. */
final class DiffusionScheduler implements Scheduler {

    private final SchedulerKind kind;
    private final SchedulerConfig config;
    private final TrainingNoise table;

    DiffusionScheduler(SchedulerKind kind, SchedulerConfig config) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.config = Objects.requireNonNull(config, "config");
        if (kind == SchedulerKind.EULER_ANCESTRAL && config.predictionType() == PredictionType.SAMPLE) {
            throw new IllegalArgumentException(
                    "euler_a does not support prediction_type sample (neither does diffusers)");
        }
        this.table = TrainingNoise.of(config);
    }

    @Override
    public SchedulerKind kind() {
        return kind;
    }

    @Override
    public SchedulerConfig config() {
        return config;
    }

    @Override
    public Schedule schedule(int steps) {
        if (steps < 1 || steps > table.size()) {
            throw new IllegalArgumentException(
                    "steps must be in [1, " + table.size() + "] (num_train_timesteps), got " + steps);
        }
        return switch (kind) {
            case EULER -> new EulerSchedule(config, table, steps);
            case EULER_ANCESTRAL -> new EulerAncestralSchedule(config, table, steps);
            case DDIM -> new DdimSchedule(config, table, steps);
            case LCM -> new LcmSchedule(config, table, steps);
        };
    }

    @Override
    public String toString() {
        return "Scheduler[" + kind.apiName() + ", " + config + "]";
    }
}
