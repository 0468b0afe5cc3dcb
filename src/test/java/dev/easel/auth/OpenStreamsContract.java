package dev.easel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link OpenStreams} does, written once: in this process and in Redis. */
public abstract class OpenStreamsContract {
    protected abstract OpenStreams streams();

    protected static String owner() {
        return "key_" + UUID.randomUUID();
    }

    @Test
    void aKeyHoldsAtMostItsLimitAndAClosedStreamFreesItsPlaceOnce() {
        OpenStreams streams = streams();
        String owner = owner();
        Optional<OpenStreams.Open> first = streams.open(owner, 2);
        Optional<OpenStreams.Open> second = streams.open(owner, 2);
        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(streams.open(owner, 2)).as("a third").isEmpty();
        assertThat(streams.open(owner(), 2)).as("another key's").isPresent();

        first.get().close();
        first.get().close(); // twice: still one place
        Optional<OpenStreams.Open> third = streams.open(owner, 2);
        assertThat(third).isPresent();
        assertThat(streams.open(owner, 2)).isEmpty();
        second.get().close();
        third.get().close();
        assertThat(streams.open(owner, 2)).isPresent();
    }
}
