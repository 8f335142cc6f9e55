package dev.o365emulator.server.internal.net;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.TlsInfo;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;
import org.slf4j.LoggerFactory;

/**
 * The first handler after TLS on every connection: opens the connection's journal record, notes
 * what each TLS handshake negotiated (or why it failed), and closes the record when the
 * connection ends.
 */
public final class ConnectionRecorder extends ChannelInboundHandlerAdapter {

    /** The journal record of a connection, set before any session handler sees the channel. */
    public static final AttributeKey<SessionRecord> RECORD = SessionRecord.CHANNEL_ATTRIBUTE;

    /** Every protocol connection's failures go to this class's log (see {@link ConnectionErrors}). */
    private static final ConnectionErrors ERRORS = new ConnectionErrors(LoggerFactory.getLogger(ConnectionRecorder.class));

    private final SessionJournal journal;
    private final Endpoint endpoint;
    private final String tlsProvider;
    private final ConnectionErrors errors;

    /**
     * Records the connections of {@code endpoint} in {@code journal}, naming {@code tlsProvider}
     * ({@code openssl} or {@code jdk}) as what served their TLS.
     */
    public ConnectionRecorder(SessionJournal journal, Endpoint endpoint, String tlsProvider) {
        this(journal, endpoint, tlsProvider, ERRORS);
    }

    ConnectionRecorder(SessionJournal journal, Endpoint endpoint, ConnectionErrors errors) {
        this(journal, endpoint, "", errors);
    }

    private ConnectionRecorder(SessionJournal journal, Endpoint endpoint, String tlsProvider, ConnectionErrors errors) {
        this.journal = journal;
        this.endpoint = endpoint;
        this.tlsProvider = tlsProvider;
        this.errors = errors;
    }

    /** The record of a channel; every channel the emulator accepted has one. */
    public static SessionRecord record(Channel channel) {
        return channel.attr(RECORD).get();
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
        Channel ch = ctx.channel();
        ch.attr(RECORD).set(journal.open(endpoint,
                (InetSocketAddress) ch.localAddress(), (InetSocketAddress) ch.remoteAddress()));
        super.channelRegistered(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            SessionRecord record = record(ctx.channel());
            if (done.isSuccess()) {
                SSLSession session = ctx.pipeline().get(SslHandler.class).engine().getSession();
                record.tlsEstablished(new TlsInfo(session.getProtocol(), session.getCipherSuite(), serverName(session),
                        tlsProvider));
            } else {
                record.event("TLS handshake failed: " + done.cause().getMessage());
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        journal.close(record(ctx.channel()));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeOnError(ctx, cause, errors);
    }

    /** The last handler of every pipeline: whatever failure reaches it is logged, recorded and ends the connection. */
    public static ChannelInboundHandlerAdapter lastResort() {
        return LAST_RESORT;
    }

    static ChannelInboundHandlerAdapter lastResort(ConnectionErrors errors) {
        return new LastResort(errors);
    }

    private static final ChannelInboundHandlerAdapter LAST_RESORT = new LastResort(ERRORS);

    @io.netty.channel.ChannelHandler.Sharable
    private static final class LastResort extends ChannelInboundHandlerAdapter {
        private final ConnectionErrors errors;

        LastResort(ConnectionErrors errors) {
            this.errors = errors;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeOnError(ctx, cause, errors);
        }
    }

    private static void closeOnError(ChannelHandlerContext ctx, Throwable cause, ConnectionErrors errors) {
        // Closed whatever happens while telling about it: even an OutOfMemoryError must not leave
        // the connection open and silent.
        try {
            SessionRecord record = record(ctx.channel());
            errors.report(record == null ? String.valueOf(ctx.channel().remoteAddress())
                    : "#" + record.index() + " " + record.endpoint().id(), cause);
            if (record != null) {
                record.event("connection error: " + cause);
            }
        } finally {
            ctx.close();
        }
    }

    private static Optional<String> serverName(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return Optional.of(host.getAsciiName());
                }
            }
        }
        return Optional.empty();
    }
}
