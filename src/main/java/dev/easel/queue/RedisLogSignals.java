package dev.easel.queue;

import dev.easel.store.LogSignals;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Response event logs' change notices between API nodes as one Redis stream ({@code easel:events}, trimmed to
 * about {@value #KEPT} entries): an entry per append or end, naming the response and the node; each node tails it
 * from its start and wakes its own followers of the responses named by the others. A notice that cannot be sent
 * or read is only logged: followers still look at the store now and then.
 */
final class RedisLogSignals implements LogSignals, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisLogSignals.class);
    static final String STREAM = "easel:events";
    private static final long KEPT = 10_000;

    private final RedisClient redis;
    private final String node;
    private volatile boolean open = true;
    private Thread reader;

    RedisLogSignals(RedisClient redis, String node) {
        this.redis = redis;
        this.node = node;
    }

    @Override
    public void changed(String responseId) {
        try {
            redis.xadd(
                    STREAM,
                    XAddParams.xAddParams().maxLen(KEPT).approximateTrimming(),
                    Map.of("response", responseId, "node", node));
        } catch (JedisException e) {
            log.debug("event log notice not sent: {}", e.toString());
        }
    }

    @Override
    public synchronized void listen(Consumer<String> onChange) {
        if (reader != null) {
            throw new IllegalStateException("one listener per node");
        }
        reader = Thread.ofPlatform().name("easel-event-notices").daemon().start(() -> read(onChange));
    }

    private void read(Consumer<String> onChange) {
        StreamEntryID last = StreamEntryID.XREAD_NEW_ENTRY;
        while (open) {
            try {
                var got = redis.xread(XReadParams.xReadParams().block(500).count(256), Map.of(STREAM, last));
                if (got == null) {
                    continue;
                }
                for (var stream : got) {
                    for (StreamEntry entry : stream.getValue()) {
                        last = entry.getID();
                        if (!node.equals(entry.getFields().get("node"))) {
                            onChange.accept(entry.getFields().getOrDefault("response", ""));
                        }
                    }
                }
            } catch (JedisException e) {
                if (open) {
                    log.warn(
                            "event log notices: reading failed ({}); retrying",
                            e.getClass().getSimpleName());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                log.warn("event log notices: a change could not be taken in: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        open = false;
        if (reader != null) {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
