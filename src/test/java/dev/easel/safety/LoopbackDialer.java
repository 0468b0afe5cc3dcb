package dev.easel.safety;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every address the guard dials and refuses anything off loopback with an
 * {@link AssertionError}, so that even a broken guard cannot send test traffic off this machine.
 */
final class LoopbackDialer implements Transport.Dialer {
    private final List<InetSocketAddress> dialled = new CopyOnWriteArrayList<>();

    List<InetSocketAddress> dialled() {
        return List.copyOf(dialled);
    }

    @Override
    public Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException {
        dialled.add(address);
        if (address.isUnresolved() || !address.getAddress().isLoopbackAddress()) {
            throw new AssertionError("the guard dialled " + address + ", off loopback");
        }
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
