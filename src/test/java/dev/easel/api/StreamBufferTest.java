package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The stream buffer's contract on its own: order, the capacity rule, and how a stream stops. */
class StreamBufferTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final SseWriter sse = new SseWriter(out, ClientConnection.NONE);

    @Test
    void framesAreWrittenInTheOrderTheyCameThenTheStreamCompletes() throws InterruptedException {
        StreamBuffer buffer = new StreamBuffer(1024);
        assertThat(buffer.offer("a", "{\"n\":1}")).isTrue();
        buffer.probe("step 1/2");
        assertThat(buffer.offer("b", "{\"n\":2}")).isTrue();
        buffer.end();

        assertThat(buffer.drain(sse)).isEqualTo(StreamBuffer.Outcome.COMPLETE);

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("event: a\ndata: {\"n\":1}\n\n: step 1/2\n\nevent: b\ndata: {\"n\":2}\n\n");
        assertThat(buffer.stopped()).isFalse();
        assertThat(buffer.offer("c", "{}")).as("after the end").isFalse();
    }

    @Test
    void oneEventAlwaysFitsThoughLargerThanTheCapacity() throws InterruptedException {
        StreamBuffer buffer = new StreamBuffer(4);
        assertThat(buffer.offer("big", "{\"a long\":\"event\"}")).isTrue();
        buffer.end();

        assertThat(buffer.drain(sse)).isEqualTo(StreamBuffer.Outcome.COMPLETE);
    }

    /** What was written is free again: a client that keeps up never fills the buffer. */
    @Test
    void writtenFramesFreeTheirRoom() throws InterruptedException {
        StreamBuffer buffer = new StreamBuffer(16); // one probe and one event: 6 + 7 characters
        for (int i = 0; i < 5; i++) {
            String event = "{\"n\":" + i + "}";
            buffer.probe("step " + i);
            assertThat(buffer.offer("e", event)).as("event %d", i).isTrue();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    buffer.drain(sse);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            SlowReaderTest.await(
                    () -> out.toString(StandardCharsets.UTF_8).contains(event),
                    java.time.Duration.ofSeconds(10),
                    event + " written");
            writer.interrupt();
            writer.join();
        }
        assertThat(buffer.stopped()).isFalse();
    }

    @Test
    void anEventPastTheCapacityStopsTheStreamAndDropsWhatWaits() throws InterruptedException {
        StreamBuffer buffer = new StreamBuffer(10);
        assertThat(buffer.offer("a", "{\"n\":1}")).isTrue();

        assertThat(buffer.offer("b", "{\"n\":2}")).as("7 + 7 characters > 10").isFalse();

        assertThat(buffer.stopped()).isTrue();
        assertThat(buffer.offer("c", "{}")).isFalse();
        assertThat(buffer.drain(sse)).isEqualTo(StreamBuffer.Outcome.OVERFLOW);
        assertThat(out.size()).as("nothing written after the overflow").isZero();
    }

    @Test
    void aWriterThatLeavesBeforeTheEndStopsTheStream() {
        StreamBuffer buffer = new StreamBuffer(1024);
        buffer.offer("a", "{}");

        buffer.close();

        assertThat(buffer.stopped()).isTrue();
        assertThat(buffer.offer("b", "{}")).isFalse();
    }

    @Test
    void aFailedWriteIsAClientGone() throws InterruptedException {
        StreamBuffer buffer = new StreamBuffer(1024);
        buffer.offer("a", "{}");
        SseWriter broken = new SseWriter(
                new java.io.OutputStream() {
                    @Override
                    public void write(int b) throws java.io.IOException {
                        throw new java.io.IOException("reset by peer");
                    }
                },
                ClientConnection.NONE);

        assertThat(buffer.drain(broken)).isEqualTo(StreamBuffer.Outcome.CLIENT_GONE);
        assertThat(buffer.stopped()).isTrue();
    }

    /** A follower of the log waits for a client that reads; one that has taken nothing for the stall time is dropped. */
    @Test
    void aWaitingProducerGetsRoomFromAReaderAndStopsAStalledStream() throws Exception {
        StreamBuffer stalled = new StreamBuffer(10);
        assertThat(stalled.offer("a", "{\"n\":1}")).isTrue();
        long start = System.nanoTime();
        assertThat(stalled.offerWaiting("b", "{\"n\":2}", 200_000_000L)).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(200_000_000L);
        assertThat(stalled.stopped()).isTrue();

        StreamBuffer read = new StreamBuffer(10);
        assertThat(read.offer("a", "{\"n\":1}")).isTrue();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
                read.drain(sse);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(read.offerWaiting("b", "{\"n\":2}", 5_000_000_000L)).isTrue();
        read.end();
        writer.join(5_000);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("{\"n\":1}").contains("{\"n\":2}");
    }
}
