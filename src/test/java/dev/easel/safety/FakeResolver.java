package dev.easel.safety;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names to chosen addresses, so no test name ever reaches real DNS. A name can be given successive
 * answers (the last one repeats), which is how tests play a DNS-rebinding attacker; every lookup is
 * counted.
 */
final class FakeResolver implements Resolver {
    private final Map<String, Deque<List<InetAddress>>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

    /** Answers {@code name} with these addresses, after any answers given before. */
    FakeResolver answer(String name, String... literals) {
        List<InetAddress> addresses =
                Arrays.stream(literals).map(FakeResolver::address).toList();
        answers.computeIfAbsent(name, n -> new ArrayDeque<>()).add(addresses);
        return this;
    }

    int lookups(String name) {
        return lookups.getOrDefault(name, new AtomicInteger()).get();
    }

    @Override
    public synchronized List<InetAddress> resolve(String host) throws UnknownHostException {
        lookups.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
        Deque<List<InetAddress>> queue = answers.get(host);
        if (queue == null) {
            throw new UnknownHostException(host);
        }
        return queue.size() > 1 ? queue.poll() : queue.peek();
    }

    /**
     * Parses a literal without DNS. IPv4-mapped IPv6 literals stay IPv6 (as some resolvers hand them
     * back), where {@link InetAddress#ofLiteral} would turn them into IPv4.
     */
    static InetAddress address(String literal) {
        InetAddress parsed = InetAddress.ofLiteral(literal);
        if (parsed instanceof Inet4Address && literal.contains(":")) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(parsed.getAddress(), 0, mapped, 12, 4);
            try {
                return Inet6Address.getByAddress(null, mapped, -1);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
        return parsed;
    }
}
