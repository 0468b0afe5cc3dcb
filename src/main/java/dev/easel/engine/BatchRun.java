package dev.easel.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs of one {@link BatchKey} in lockstep: one UNet call per step for every job still running,
 * each job's entries stacked in order ({@link Unet#predict(List, StageTimings)}), and everything
 * else per job ({@link JobState}: its seed and noise, scheduler step, edit layers, previews,
 * decode). A job whose token fires leaves at the next step with
 * {@link GenerationCancelledException}; one whose listener throws leaves with that exception; the
 * others go on, their pictures the same as alone within the float rounding of a larger call.
 * Guidance runs both passes in one call (the caller sized the batch to the memory). Used once, by
 * one thread.
 */
final class BatchRun {
    private static final Logger log = LoggerFactory.getLogger(BatchRun.class);

    private final DiffusionModel model;
    private final List<BatchEntry> entries;

    BatchRun(DiffusionModel model, List<BatchEntry> entries) {
        this.model = model;
        this.entries = List.copyOf(entries);
    }

    /**
     * {@link DiffusionModel#generateBatch}: {@code entries} in lockstep runs of at most
     * {@code max} jobs and of what memory holds, one after another; a run of one is the lone path.
     */
    static List<JobOutcome> runAll(DiffusionModel model, List<BatchEntry> entries, int max) {
        if (entries.isEmpty()) {
            return List.of();
        }
        Optional<BatchKey> key = model.batchKey(entries.getFirst().job());
        for (BatchEntry entry : entries) {
            if (entries.size() > 1
                    && (key.isEmpty() || !model.batchKey(entry.job()).equals(key))) {
                throw new IllegalArgumentException("jobs run as one batch must share a batch key");
            }
        }
        int size = key.map(k -> size(model, k, Math.min(entries.size(), max))).orElse(1);
        List<JobOutcome> out = new ArrayList<>(entries.size());
        for (int from = 0; from < entries.size(); from += size) {
            List<BatchEntry> chunk = entries.subList(from, Math.min(entries.size(), from + size));
            if (chunk.size() == 1) {
                BatchEntry alone = chunk.getFirst();
                try {
                    out.add(new JobOutcome.Made(model.generate(alone.job(), alone.listener(), alone.cancel())));
                } catch (RuntimeException e) {
                    out.add(new JobOutcome.Failed(e));
                }
            } else {
                out.addAll(new BatchRun(model, chunk).run());
            }
        }
        return out;
    }

    /** Jobs of {@code key} per lockstep run: at most {@code wanted}, and what the memory available holds. */
    private static int size(DiffusionModel model, BatchKey key, int wanted) {
        int perJob = key.pass() == BatchKey.Pass.CLASSIFIER_FREE ? 2 : 1;
        int fit = model.memory.entries(key.height() / 8, key.width() / 8) / perJob;
        int size = Math.max(1, Math.min(wanted, fit));
        if (size < wanted) {
            log.debug(
                    "{} images of {}x{} a batch, as memory allows ({} asked)", size, key.width(), key.height(), wanted);
        }
        return size;
    }

    /** One outcome per entry, in order. */
    List<JobOutcome> run() {
        int n = entries.size();
        JobOutcome[] outcomes = new JobOutcome[n];
        JobState[] states = new JobState[n];
        List<Integer> active = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            BatchEntry entry = entries.get(k);
            try {
                states[k] = new JobState(model, entry.job(), entry.listener(), entry.cancel(), false);
                active.add(k);
            } catch (RuntimeException e) {
                outcomes[k] = new JobOutcome.Failed(e);
            }
        }
        if (!active.isEmpty()) {
            JobState lead = states[active.getFirst()];
            for (int i = lead.start; i < lead.job.steps() && !active.isEmpty(); i++) {
                for (Iterator<Integer> it = active.iterator(); it.hasNext(); ) {
                    int k = it.next();
                    try {
                        states[k].checkCancelled(i);
                    } catch (GenerationCancelledException e) {
                        outcomes[k] = new JobOutcome.Failed(e);
                        it.remove();
                    }
                }
                if (active.isEmpty()) {
                    break;
                }
                step(i, lead.unet, states, active, outcomes);
            }
        }
        for (int k : active) {
            try {
                outcomes[k] = new JobOutcome.Made(states[k].finish());
            } catch (RuntimeException e) {
                outcomes[k] = new JobOutcome.Failed(e);
            }
        }
        return List.of(outcomes);
    }

    /** Step {@code i} for the jobs in {@code active}; a job that fails is recorded and leaves. */
    private static void step(int i, Unet unet, JobState[] states, List<Integer> active, JobOutcome[] outcomes) {
        long stepStart = System.nanoTime();
        List<UnetStep> calls = new ArrayList<>(active.size());
        for (int k : active) {
            calls.add(states[k].unetStep(i));
        }
        StageTimings call = new StageTimings();
        List<float[]> eps;
        try {
            eps = unet.predict(calls, call);
        } catch (RuntimeException e) {
            for (int k : active) {
                outcomes[k] = new JobOutcome.Failed(e);
            }
            active.clear();
            return;
        }
        List<Integer> running = List.copyOf(active);
        for (int j = 0; j < running.size(); j++) {
            int k = running.get(j);
            // Each job spent the whole call inside ONNX Runtime.
            states[k].timings.addOrt(call.ortNanos());
            try {
                states[k].advance(i, eps.get(j), stepStart);
            } catch (RuntimeException e) {
                outcomes[k] = new JobOutcome.Failed(e);
                active.remove(Integer.valueOf(k));
            }
        }
    }
}
