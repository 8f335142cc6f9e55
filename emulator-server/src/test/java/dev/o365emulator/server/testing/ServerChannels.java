package dev.o365emulator.server.testing;

import dev.o365emulator.server.internal.session.SessionInitializer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The server side of the connections an emulator accepted, recorded by a wrapping
 * {@link SessionInitializer}, so a test can see what the emulator holds for a client.
 */
public final class ServerChannels {

    private final List<Channel> channels = new CopyOnWriteArrayList<>();

    /** {@code sessions}, recording each channel before it sets the channel up. */
    public SessionInitializer recording(SessionInitializer sessions) {
        return (channel, context) -> {
            channels.add(channel);
            sessions.initialize(channel, context);
        };
    }

    /** The {@code n}th connection accepted, waiting for it to be set up. */
    public Channel get(int n) {
        Await.until("connection " + n + " to be accepted", Duration.ofSeconds(10), () -> channels.size() > n);
        return channels.get(n);
    }

    /**
     * Whether the {@code n}th connection waits on its client: it does not read from its socket
     * ({@code autoRead} off) and cannot write either (its outbound buffer is over the high-water mark).
     * Read on the channel's event loop.
     */
    public boolean isWaitingOnClient(int n) {
        Channel channel = get(n);
        try {
            return channel.eventLoop().submit(() -> !channel.config().isAutoRead() && !channel.isWritable())
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot read the channel's state", e);
        }
    }

    /**
     * The bytes written to the {@code n}th connection that the socket has not taken yet (the channel's
     * outbound buffer), read on its event loop.
     */
    public long pendingOutboundBytes(int n) {
        Channel channel = get(n);
        try {
            return channel.eventLoop().submit(() -> {
                ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
                return buffer == null ? 0L : buffer.totalPendingWriteBytes();
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot read the channel's state", e);
        }
    }
}
