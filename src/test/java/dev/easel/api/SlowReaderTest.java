package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that stops reading its Images API stream, or hangs up, never holds the engine: the
 * engine hands its events to the stream's bounded buffer; a full buffer cancels the job (within a
 * step), and so does a client that went away. Timings are relative to the same generation run
 * alone on the same server, so a loaded machine slows both sides alike.
 */
class SlowReaderTest {
    /** A 2 MiB stream buffer: more than one 1024² partial image (about 1.4 MB watermarked), less than a stuck stream's four. */
    @RegisterExtension
    static final TestServer server = TestServer.with(Map.of("stream_buffer_bytes", "2097152"));

    /** One job: 1024², so that a stuck stream's images fill the socket buffers, and enough steps to time. */
    private static final String ONE_JOB = """
            {"model": "gpt-image-1", "prompt": "a lighthouse at dusk", "size": "1024x1024", "steps": 40}""";

    /** One image of {@link #STREAM}, streamed alone to a client that reads it all: one job of the stuck kind. */
    private static final String ONE_STREAMED = """
            {"model": "gpt-image-1", "prompt": "a lighthouse at dusk", "size": "1024x1024", "steps": 40,
             "n": 1, "stream": true, "partial_images": 3}""";

    /** Ten such images: the whole run takes ten jobs. */
    private static final String STREAM = ONE_STREAMED.replace("\"n\": 1", "\"n\": 10");

    /** The other client's generation waits for at most the stuck stream's current job, then runs. */
    @Test
    void aClientThatStopsReadingDoesNotDelayAnotherClientByMoreThanOneJob() throws Exception {
        generate(); // warm: the model's sessions are loaded
        long alone = generate();
        long streamedJob = streamOne();
        double cancelledBefore = jobs("cancelled");

        long held;
        long other;
        try (StuckClient stuck = StuckClient.post(server, "/v1/images/generations", STREAM)) {
            long start = System.nanoTime();
            await(() -> running() == 1, Duration.ofSeconds(30), "the stuck stream's job starts");
            other = generate();
            await(() -> jobs("cancelled") > cancelledBefore, Duration.ofSeconds(60), "the stuck job is cancelled");
            held = System.nanoTime() - start;
        }
        System.out.printf(
                "slow reader: the other client's job alone %d ms, one streamed job alone %d ms; with a stuck"
                        + " stream: the other client's job %d ms, the stuck job cancelled after %d ms%n",
                millis(alone), millis(streamedJob), millis(other), millis(held));
        // At most one of the stuck client's jobs, then its own; three times that, for a loaded machine
        // (without the buffer it waited for the stuck client's write to time out: 30 s and more).
        assertThat(other)
                .as(
                        "the other client's job (%d ms) against one streamed job (%d ms) plus its own alone (%d ms)",
                        millis(other), millis(streamedJob), millis(alone))
                .isLessThan(3 * (streamedJob + alone));
        assertThat(jobs("cancelled")).isEqualTo(cancelledBefore + 1);
    }

    /** A client that closes the connection mid-stream: its job stops within a step or two, not after all its images. */
    @Test
    void aClientThatHangsUpMidStreamStopsItsJobAtOnce() throws Exception {
        generate();
        long streamedJob = streamOne();
        double cancelledBefore = jobs("cancelled");

        StuckClient client = StuckClient.post(server, "/v1/images/generations", STREAM);
        client.readUntil("image_generation.partial_image");
        long hungUp = System.nanoTime();
        client.close();
        await(() -> jobs("cancelled") > cancelledBefore, Duration.ofSeconds(60), "the job is cancelled");
        long stopped = System.nanoTime() - hungUp;

        System.out.printf(
                "hang-up: one streamed job alone %d ms; cancelled %d ms after the close%n",
                millis(streamedJob), millis(stopped));
        // Within a step or two (each with its preview), so well within the job: the run has ten.
        assertThat(stopped)
                .as(
                        "from the hang-up to the cancel (%d ms), against one streamed job (%d ms)",
                        millis(stopped), millis(streamedJob))
                .isLessThan(streamedJob);
    }

    /** A plain generation of {@link #ONE_JOB}; its time in nanoseconds. */
    private static long generate() {
        long start = System.nanoTime();
        HttpResponse<String> response = Wire.postJson(server, "/v1/images/generations", ONE_JOB);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return System.nanoTime() - start;
    }

    /** {@link #ONE_STREAMED}, read to its end by a client that keeps up; its time in nanoseconds. */
    private static long streamOne() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = Wire.HTTP.send(
                HttpRequest.newBuilder(server.uri("/v1/images/generations"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ONE_STREAMED))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).contains("event: image_generation.completed");
        return System.nanoTime() - start;
    }

    static void await(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + limit.toSeconds() + " s in vain for: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static double running() {
        return metric("easel_queue_running");
    }

    private static double jobs(String outcome) {
        return metric("easel_jobs_total\\{outcome=\"" + outcome + "\"[^}]*}");
    }

    /** A metric's value from {@code /metrics}; 0 when it is not there yet. */
    private static double metric(String nameRegex) {
        String text = Wire.get(server, "/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + nameRegex + " ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
