package dev.easel.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * The connection under one event stream, for the two things the stream needs besides writing:
 * dropping it at once (a write blocked on a client that stopped reading then fails instead of
 * waiting for the idle timeout) and hearing when the client hangs up while nothing is written.
 */
interface ClientConnection {
    /** Closes the connection now, from any thread. */
    void drop();

    /**
     * Runs {@code onHangUp} (once, on one of the server's threads) when the client closes its side
     * of the connection; without it a hang-up is noticed at the next write only.
     */
    void onHangUp(Runnable onHangUp);

    /** For a writer on a plain stream (tests): nothing to drop, no hang-up to hear. */
    ClientConnection NONE = new ClientConnection() {
        @Override
        public void drop() {}

        @Override
        public void onHangUp(Runnable onHangUp) {}
    };

    /**
     * Jetty's connection of this request. Jetty does not read an HTTP/1.1 connection while a
     * request is handled, so the stream asks to be told when the connection turns readable: the
     * end of input is the client hanging up; bytes are a pipelined request, which this connection
     * will not serve (event streams are sent with {@code Connection: close}) and are dropped.
     */
    static ClientConnection of(io.javalin.http.Context ctx) {
        EndPoint endPoint = ServletContextRequest.getServletContextRequest(ctx.req())
                .getServletChannel()
                .getEndPoint();
        return new ClientConnection() {
            @Override
            public void drop() {
                endPoint.close();
            }

            @Override
            public void onHangUp(Runnable onHangUp) {
                endPoint.tryFillInterested(new Readable(endPoint, onHangUp));
            }
        };
    }

    /** Reads what the client sends after its request, until its end. */
    record Readable(EndPoint endPoint, Runnable onHangUp) implements Callback {
        @Override
        public void succeeded() {
            ByteBuffer scratch = BufferUtil.allocate(512);
            try {
                while (true) {
                    int n = endPoint.fill(scratch);
                    if (n < 0) {
                        onHangUp.run();
                        return;
                    }
                    if (n == 0) {
                        endPoint.tryFillInterested(this);
                        return;
                    }
                    BufferUtil.clear(scratch);
                }
            } catch (IOException e) {
                onHangUp.run(); // reset by the client
            }
        }

        @Override
        public void failed(Throwable cause) {
            onHangUp.run(); // closed: by the client, or by the server once the stream ended
        }
    }
}
