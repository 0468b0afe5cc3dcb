package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The batching decision from injected timings: no clock of this machine is read. */
class BatchProbeTest {

    @Test
    void batchingPaysOnlyWhenTwoImagesCostClearlyLessThanTwice() {
        assertThat(new BatchProbe.Timing(2, 100, 110).pays()).isTrue(); // a GPU: nearly free
        assertThat(new BatchProbe.Timing(2, 100, 179).pays()).isTrue();
        assertThat(new BatchProbe.Timing(2, 100, 180).pays()).isFalse(); // at the threshold: not clearly less
        assertThat(new BatchProbe.Timing(2, 100, 205).pays()).isFalse(); // a CPU on a large model
        assertThat(new BatchProbe.Timing(1, 400, 500).ratio()).isEqualTo(1.25);
        assertThatThrownBy(() -> new BatchProbe.Timing(2, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWarmUpIsNotTimedAndTheFastestRunOfEachCounts() {
        FakeClock clock = new FakeClock();
        // The first (warm-up) call of each shape is slow; then one-image calls take 100, 90, 95, 95, ...
        // and two-image calls 150, 170, 140, 140, ...
        Runnable one = clock.calls(1000, 100, 90, 95);
        Runnable two = clock.calls(2000, 150, 170, 140);
        BatchProbe.Timing timing = BatchProbe.time(2, one, two, clock::now);
        assertThat(timing).isEqualTo(new BatchProbe.Timing(2, 90, 140));
        assertThat(timing.pays()).isTrue();
        // Fast calls are timed for every round.
        assertThat(clock.calls).isEqualTo(2 + 2 * BatchProbe.ROUNDS);
    }

    @Test
    void slowCallsAreMeasuredOnceSoTheProbeStaysShort() {
        FakeClock clock = new FakeClock();
        long second = 1_000_000_000L;
        Runnable one = clock.calls(3 * second, 2 * second, second);
        Runnable two = clock.calls(5 * second, 4 * second, second);
        BatchProbe.Timing timing = BatchProbe.time(2, one, two, clock::now);
        assertThat(timing).isEqualTo(new BatchProbe.Timing(2, 2 * second, 4 * second));
        assertThat(clock.calls).isEqualTo(4); // a warm-up and one measured round
        assertThat(timing.pays()).isFalse();
    }

    @Test
    void autoRunsOneAtATimeUntilTheMeasurementAndThenAsItFound() {
        Batching auto = new Batching("m", BatchMode.AUTO, 4, OptionalInt.empty());
        assertThat(auto.limit()).isEqualTo(1);
        assertThat(auto.claimProbe()).isTrue();
        assertThat(auto.claimProbe()).isFalse();
        auto.decided(Optional.of(new BatchProbe.Timing(2, 100, 120)));
        assertThat(auto.limit()).isEqualTo(4);
        auto.decided(Optional.of(new BatchProbe.Timing(2, 100, 199)));
        assertThat(auto.limit()).isEqualTo(1);
        auto.decided(Optional.empty()); // memory too short to measure
        assertThat(auto.limit()).isEqualTo(1);

        assertThat(new Batching("m", BatchMode.ON, 3, OptionalInt.empty()).limit())
                .isEqualTo(3);
        assertThat(new Batching("m", BatchMode.OFF, 3, OptionalInt.empty()).limit())
                .isEqualTo(1);
        assertThat(new Batching("m", BatchMode.OFF, 3, OptionalInt.empty()).claimProbe())
                .isFalse();
        // An export that fixes its batch size cannot batch, whatever is configured.
        Batching fixed = new Batching("m", BatchMode.ON, 4, OptionalInt.of(2));
        assertThat(fixed.limit()).isEqualTo(1);
        assertThat(fixed.max()).isEqualTo(1);
        assertThat(new Batching("m", BatchMode.AUTO, 4, OptionalInt.of(1)).claimProbe())
                .isFalse();
        assertThat(new Batching("m", BatchMode.AUTO, 1, OptionalInt.empty()).claimProbe())
                .isFalse();
    }

    @Test
    void theModeParsesAndSaysWhatIsExpected() {
        assertThat(BatchMode.parse(" On ")).isEqualTo(BatchMode.ON);
        assertThatThrownBy(() -> BatchMode.parse("sometimes")).hasMessage("batch must be auto, on or off: sometimes");
        assertThatThrownBy(() -> EngineTuning.DEFAULTS.withBatch(BatchMode.ON, 0))
                .hasMessage("max batch must be 1 to 64: 0");
    }

    /** A clock that moves only when a fake call runs: each call takes the next of its durations, the last one again and again. */
    private static final class FakeClock {
        long now;
        int calls;

        long now() {
            return now;
        }

        Runnable calls(long... durations) {
            List<Long> left = new ArrayList<>();
            for (long d : durations) {
                left.add(d);
            }
            return () -> {
                now += left.size() > 1 ? left.removeFirst() : left.getFirst();
                calls++;
            };
        }
    }
}
