package dev.easel.safety;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses. The guard calls it once per hop and then connects only to what
 * it answered, so a second lookup can never swap in another address; tests inject one so that no
 * test name ever reaches real DNS.
 */
@FunctionalInterface
public interface Resolver {
    /** The JVM's resolver (and its cache). Never called with IP literals: the guard parses those itself. */
    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Every address the name has; an empty list counts as unresolvable. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
