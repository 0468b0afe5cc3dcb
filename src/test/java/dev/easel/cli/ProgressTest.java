package dev.easel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Plain-line progress, as a pipe gets it: one line per unit or per tenth, never a redrawn line. */
class ProgressTest {
    private final StringWriter text = new StringWriter();
    private final PrintWriter err = new PrintWriter(text, true);
    /** The clock, set by each test: rates and times are exact. */
    private long now;

    private Progress lines(Progress.Task task) {
        return new Progress.Lines(task, err, () -> now);
    }

    @Test
    void stepsGetALineEachWithRateAndTimeLeft() {
        try (Progress p = lines(new Progress.Task("denoising", 3, " steps", 1, Progress.Every.UNIT))) {
            for (int step = 1; step <= 3; step++) {
                now = step * 1_000_000_000L;
                p.to(step);
            }
        }
        assertThat(text.toString().lines())
                .containsExactly(
                        "denoising 1/3",
                        "denoising 2/3, 1.0 steps/s, ETA 0:01",
                        "denoising 3/3, 1.0 steps/s, ETA 0:00");
        assertThat(text.toString()).doesNotContain("\r");
    }

    @Test
    void bytesGetALinePerTenth() {
        try (Progress p = lines(
                new Progress.Task("converting unet/model.onnx", 100_000_000, " MB", 1_000_000, Progress.Every.TENTH))) {
            // 4 MB a second.
            for (long done = 0; done <= 100_000_000; done += 4_000_000) {
                now = done / 4_000_000 * 1_000_000_000L;
                p.to(done);
            }
        }
        assertThat(text.toString().lines()).hasSize(11);
        assertThat(text.toString().lines().toList().get(1))
                .isEqualTo("converting unet/model.onnx 12.0/100.0 MB  12%, 4.0 MB/s, ETA 0:22");
        assertThat(text.toString().lines().toList().getLast())
                .startsWith("converting unet/model.onnx 100.0/100.0 MB 100%");
    }

    @Test
    void smallConversionsShowNothing() {
        ConversionMeter meter = new ConversionMeter(1000, this::lines);
        meter.started("/m/unet/model.onnx", 999);
        meter.written(999);
        meter.finished();
        assertThat(text.toString()).isEmpty();
        meter.started("/m/unet/model.onnx", 1000);
        meter.written(1000);
        meter.finished();
        assertThat(text.toString()).startsWith("converting unet/model.onnx 0.0/0.0 MB 100%");
    }
}
