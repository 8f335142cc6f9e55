package dev.o365emulator.server.internal.tls;

import dev.o365emulator.codec.PipelinedInputDiscarder;
import dev.o365emulator.server.internal.journal.SessionRecord;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;

/**
 * The STARTTLS (SMTP, IMAP) and STLS (POP3) upgrade, done the safe way for every protocol.
 *
 * <p>Call {@link #upgrade} from the session's {@code channelRead} while it handles the upgrade
 * command. It stops reading, drops (and records as a protocol error) any plain-text bytes the
 * client pipelined after the command, inserts an {@link SslHandler} in start-TLS mode at the head
 * of the pipeline, writes the go-ahead reply (which still leaves in plain text) and resumes
 * reading, so the next bytes the emulator reads are the client's TLS handshake. The session must
 * forget everything it learnt before the upgrade (RFC 3207 §4.2, RFC 2595 §3.1).
 */
public final class StartTls {

    /** The pipeline name of the TLS handler, for implicit TLS and after an upgrade alike. */
    public static final String HANDLER_NAME = "tls";

    private StartTls() {}

    /**
     * Upgrades the connection.
     *
     * @param goAhead the reply that tells the client to start its handshake, in whatever type the
     *     pipeline's encoder takes (it is written through {@code ctx})
     * @return the future of the go-ahead write
     */
    public static ChannelFuture upgrade(ChannelHandlerContext ctx, ServerTls tls, PipelinedInputDiscarder decoder,
            SessionRecord record, Object goAhead) {
        Channel channel = ctx.channel();
        channel.config().setAutoRead(false);
        int discarded = decoder.discardBufferedInput();
        if (discarded > 0) {
            record.protocolError(discarded + " bytes pipelined after the TLS upgrade command were discarded");
        }
        SslHandler ssl = tls.newStartTlsHandler(channel.alloc());
        channel.pipeline().addFirst(HANDLER_NAME, ssl);
        ChannelFuture written = ctx.writeAndFlush(goAhead);
        channel.config().setAutoRead(true);
        return written;
    }

    /** Whether TLS is active (or being negotiated) on the channel. */
    public static boolean isActive(Channel channel) {
        return channel.pipeline().get(SslHandler.class) != null;
    }
}
