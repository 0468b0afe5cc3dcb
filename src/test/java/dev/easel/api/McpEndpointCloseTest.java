package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.scheduler.Schedulers;

/** Closing Easel stops the threads of its MCP transport, so that a JVM that closed it can exit. */
class McpEndpointCloseTest {
    private static final String SWEEPER = "streamable-http-server-transport-session-sweeper";

    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    @Test
    void aClosedServerLeavesNoSessionSweeperBehind() throws Exception {
        Set<Thread> before = sweepers();
        server.restart(); // closes the first server, starts a second
        Set<Thread> second = new HashSet<>(sweepers());
        second.removeAll(before);
        assertThat(second).as("the second server's session sweeper").isNotEmpty();

        server.restart();
        for (Thread thread : second) {
            thread.join(10_000);
            assertThat(thread.isAlive())
                    .as("%s after its server closed", thread.getName())
                    .isFalse();
        }
        // Only the transport's own scheduler: the ones every transport and client in the JVM share stay up.
        assertThat(Schedulers.boundedElastic().isDisposed()).isFalse();
        assertThat(Schedulers.parallel().isDisposed()).isFalse();
        assertThat(Schedulers.single().isDisposed()).isFalse();
    }

    private static Set<Thread> sweepers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(SWEEPER))
                .collect(Collectors.toSet());
    }
}
