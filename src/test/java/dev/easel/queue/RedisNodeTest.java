package dev.easel.queue;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.store.RedisServer;
import org.junit.jupiter.api.Test;

/** A node's start on a real Redis that checks its password: a wrong or missing one is refused, and never shown. */
class RedisNodeTest {
    @Test
    void aWrongOrMissingPasswordIsRefusedAtStartWithoutShowingIt() {
        String url = RedisServer.shared().url();
        String wrong = url.replace(RedisServer.PASSWORD, "not-the-password-4b1d");
        assertThatThrownBy(() -> RedisNode.connect(wrong, "node_test"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("queue.redis_url 127.0.0.1:")
                .hasMessageContaining("refused its credentials")
                .hasMessageNotContaining("not-the-password-4b1d");
        String none = url.replace(":" + RedisServer.PASSWORD + "@", "");
        assertThatThrownBy(() -> RedisNode.connect(none, "node_test"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("queue.redis_url 127.0.0.1:");
        RedisNode.connect(url, "node_test").close();
    }
}
