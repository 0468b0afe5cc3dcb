package dev.easel.safety;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 GET on one connection, opened to an address the guard vetted. This is where the
 * address is pinned: the socket is dialled to the vetted {@link InetAddress} itself, while the
 * request keeps the URL's host in {@code Host} and, over TLS, in SNI and certificate checking. No
 * name is ever looked up here. ({@code java.net.http.HttpClient} cannot do this: it resolves names
 * itself, has no resolver hook, and refuses a caller-set {@code Host} header.)
 *
 * <p>Not thread-safe; owns its socket until closed.
 */
final class Exchange implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final ResponseHead head;

    private Exchange(Socket socket, InputStream in, ResponseHead head) {
        this.socket = socket;
        this.in = in;
        this.head = head;
    }

    /** Connects (trying the vetted addresses in order), sends the request and reads the response head. */
    static Exchange open(VettedUrl target, int port, Transport transport, Deadline deadline) throws IOException {
        URI uri = target.uri();
        Socket socket = connect(target.addresses(), port, transport.dialer(), deadline);
        try {
            if (uri.getScheme().equalsIgnoreCase("https")) {
                socket = startTls(socket, Host.parse(uri.getHost()), port, transport, deadline);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request(uri));
            out.flush();
            InputStream in = new BufferedInputStream(new TimedInput(socket, deadline));
            return new Exchange(socket, in, ResponseHead.read(in));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    ResponseHead head() {
        return head;
    }

    byte[] body(long maxBytes) throws IOException, UrlRefusedException {
        return BodyReader.read(head, in, maxBytes);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static Socket connect(List<InetAddress> addresses, int port, Transport.Dialer dialer, Deadline deadline)
            throws IOException {
        IOException last = null;
        for (InetAddress address : addresses) {
            try {
                return dialer.connect(new InetSocketAddress(address, port), deadline.remainingMillis());
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                last = e; // refused or unreachable: the next vetted address may answer
            }
        }
        throw last;
    }

    private static Socket startTls(Socket plain, Host host, int port, Transport transport, Deadline deadline)
            throws IOException {
        String peer = switch (host) {
            case Host.Name name -> name.name();
            case Host.Ip ip -> ip.address().getHostAddress();
        };
        SSLSocket tls = (SSLSocket) transport.tls().createSocket(plain, peer, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        // Check the certificate against the URL's host, not the address dialled.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (host instanceof Host.Name name) {
            parameters.setServerNames(List.of(new SNIHostName(name.name())));
        }
        tls.setSSLParameters(parameters);
        tls.setSoTimeout(deadline.remainingMillis());
        tls.startHandshake();
        return tls;
    }

    private static byte[] request(URI uri) {
        URI ascii = URI.create(uri.toASCIIString());
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        String target = ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
        String host = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        return ("GET " + target + " HTTP/1.1\r\n"
                        + "Host: " + host + "\r\n"
                        + "User-Agent: Easel\r\n"
                        + "Accept: */*\r\n"
                        + "Accept-Encoding: identity\r\n"
                        + "Connection: close\r\n"
                        + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Gives every read only the time left before the deadline, so a trickling server cannot stretch the fetch. */
    private static final class TimedInput extends FilterInputStream {
        private final Socket socket;
        private final Deadline deadline;

        TimedInput(Socket socket, Deadline deadline) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (Thread.currentThread().isInterrupted()) {
                throw new IOException("interrupted");
            }
            socket.setSoTimeout(deadline.remainingMillis());
            return super.read(buffer, offset, length);
        }
    }
}
