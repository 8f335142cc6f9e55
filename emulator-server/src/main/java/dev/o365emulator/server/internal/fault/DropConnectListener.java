package dev.o365emulator.server.internal.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A port that behaves like one behind a firewall: clients' connects time out.
 *
 * <p>A plain JDK listener with backlog 1 that never accepts, its accept queue filled by two
 * connections of its own; Linux then drops further SYNs, so a client sees no refusal and no banner,
 * just a connect timeout (DESIGN.md, field notes). Kept apart from Netty, which would accept.
 */
public final class DropConnectListener implements AutoCloseable {

    private final ServerSocketChannel server;
    private final SocketChannel[] fillers = new SocketChannel[2];

    private DropConnectListener(ServerSocketChannel server) {
        this.server = server;
    }

    /** Binds the address (port 0 picks one) and fills the accept queue. */
    public static DropConnectListener open(InetSocketAddress address) {
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 1);
            DropConnectListener listener = new DropConnectListener(server);
            InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
            for (int i = 0; i < listener.fillers.length; i++) {
                // The kernel completes these handshakes itself; they wait in the accept queue forever.
                listener.fillers[i] = SocketChannel.open(bound);
            }
            return listener;
        } catch (IOException e) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new UncheckedIOException("cannot open a drop-connect listener on " + address, e);
        }
    }

    /** The address the listener is bound to. */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A free port on this address for an endpoint that must refuse connections: nothing will listen
     * there, yet the emulator can report a port number (clients then get "connection refused").
     */
    public static InetSocketAddress reserveRefusedPort(InetSocketAddress address) {
        if (address.getPort() != 0) {
            return address;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(address);
            return new InetSocketAddress(address.getAddress(), probe.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + address, e);
        }
    }

    @Override
    public void close() {
        for (SocketChannel filler : fillers) {
            if (filler != null) {
                try {
                    filler.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
