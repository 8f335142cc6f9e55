package dev.o365emulator.server.internal.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after the session's last reply, without waiting forever on a client that reads
 * nothing: a closing reply queued behind output the client never reads would otherwise keep the
 * connection open as long as the client likes.
 */
public final class Goodbye {

    /** How long a last reply may take to leave; a client reading at all takes milliseconds. */
    public static final Duration LINGER = Duration.ofSeconds(5);

    private Goodbye() {}

    /**
     * Closes the channel once {@code lastReply} is written, at once if the client is not reading (the
     * channel cannot take more output, so the reply would never leave), and after {@link #LINGER} at
     * the latest.
     */
    public static void closeAfter(ChannelFuture lastReply) {
        Channel channel = lastReply.channel();
        lastReply.addListener(ChannelFutureListener.CLOSE);
        if (!channel.isWritable()) {
            channel.close();
            return;
        }
        ScheduledFuture<?> fallback = channel.eventLoop().schedule(() -> {
            channel.close();
        }, LINGER.toMillis(), TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(closed -> fallback.cancel(false));
    }
}
