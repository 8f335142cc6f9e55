package dev.o365emulator.server.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * A raw client that pipelines command lines and reads nothing, to see whether a server stops reading
 * when its replies are not read: with a non-blocking socket it notices when the server no longer
 * takes bytes instead of blocking in a write. Afterwards it reads the replies, finishing what it was
 * in the middle of sending.
 */
public final class FloodClient implements AutoCloseable {

    /** Small socket buffers on the client side, so that the client's kernel holds little. */
    private static final int SOCKET_BUFFER = 16 * 1024;
    /** How much is sent between two calls of the caller's check. */
    private static final int BATCH = 60 * 1024;

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final StringBuilder partial = new StringBuilder();
    private LongFunction<String> lines;
    private ByteBuffer out = ByteBuffer.allocate(0);
    private long lineCount;
    private long bytesSent;

    private FloodClient(SocketChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /** Connects (blocking), then switches to non-blocking I/O. */
    public static FloodClient connect(InetSocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
        channel.connect(address);
        channel.configureBlocking(false);
        return new FloodClient(channel, Selector.open());
    }

    /**
     * Sends {@code lines.apply(0)}, {@code lines.apply(1)}, ... (CRLF added) without reading anything,
     * until the server has taken no byte for {@code stall} while {@code serverWaits} says it waits on
     * this client (a server still busy with what it read has not stopped), or until {@code limit} bytes
     * are sent. {@code check} runs after every {@value #BATCH} octets or so, and at each stall.
     *
     * @return the bytes sent
     */
    public long sendUntilStalled(LongFunction<String> lines, long limit, Duration stall, BooleanSupplier serverWaits,
            Runnable check) throws IOException {
        this.lines = lines;
        SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
        while (bytesSent < limit) {
            if (!out.hasRemaining()) {
                check.run();
                fill();
            }
            int n = channel.write(out);
            bytesSent += n;
            if (n == 0) {
                selector.selectedKeys().clear();
                if (selector.select(stall.toMillis()) == 0) {
                    check.run();
                    if (serverWaits.getAsBoolean()) {
                        break;
                    }
                }
            }
        }
        key.interestOps(0);
        selector.selectedKeys().clear();
        return bytesSent;
    }

    /** The command lines sent, or put in the buffer that {@link #readUntil} finishes sending. */
    public long lineCount() {
        return lineCount;
    }

    /**
     * Finishes sending what {@link #sendUntilStalled} left in its buffer, then reads reply lines (CRLF
     * removed), giving each to {@code lineAndDone} until it returns {@code true}; fails if that has not
     * happened within {@code timeout}.
     */
    public void readUntil(Duration timeout, Predicate<String> lineAndDone) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        while (true) {
            if (out.hasRemaining()) {
                bytesSent += channel.write(out);
            }
            key.interestOps(SelectionKey.OP_READ | (out.hasRemaining() ? SelectionKey.OP_WRITE : 0));
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out reading replies");
            }
            selector.selectedKeys().clear();
            selector.select(Math.max(1, left / 1_000_000));
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                throw new AssertionError("connection closed while replies were expected");
            }
            in.flip();
            while (in.hasRemaining()) {
                char c = (char) (in.get() & 0xff);
                if (c != '\n') {
                    partial.append(c);
                    continue;
                }
                int end = partial.length() > 0 && partial.charAt(partial.length() - 1) == '\r'
                        ? partial.length() - 1 : partial.length();
                String line = partial.substring(0, end);
                partial.setLength(0);
                if (lineAndDone.test(line)) {
                    key.interestOps(0);
                    return;
                }
            }
        }
    }

    /** Sends one more line, waiting until it is sent. */
    public void send(String line) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                Thread.onSpinWait();
            }
        }
    }

    /** Fills the send buffer with whole lines; the last one may go out in parts. */
    private void fill() {
        StringBuilder next = new StringBuilder(BATCH + 1024);
        while (next.length() < BATCH) {
            next.append(lines.apply(lineCount++)).append("\r\n");
        }
        out = ByteBuffer.wrap(next.toString().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
