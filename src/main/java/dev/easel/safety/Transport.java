package dev.easel.safety;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;
import javax.net.ssl.SSLSocketFactory;

/**
 * How the guard opens connections to vetted addresses. Production uses plain sockets and the JVM's
 * trust store; tests swap in a dialer that records every address it is asked for (and refuses all
 * but loopback, so a bug can never send traffic elsewhere) and a TLS factory trusting their own
 * certificate.
 */
record Transport(Dialer dialer, SSLSocketFactory tls) {
    /** Opens a TCP connection to exactly this address; it must not resolve anything. */
    @FunctionalInterface
    interface Dialer {
        Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException;
    }

    Transport {
        Objects.requireNonNull(dialer, "dialer");
        Objects.requireNonNull(tls, "tls");
    }

    static Transport system() {
        return new Transport(Transport::connect, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    private static Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, timeoutMillis);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
