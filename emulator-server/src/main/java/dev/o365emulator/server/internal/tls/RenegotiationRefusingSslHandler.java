package dev.o365emulator.server.internal.tls;

import dev.o365emulator.server.internal.journal.SessionRecord;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import javax.net.ssl.SSLEngine;

/**
 * An {@link SslHandler} that ends the connection when the client tries to renegotiate, as current
 * servers do: a client may otherwise make the server repeat the costly part of a handshake at will
 * (300 renegotiations cost the JDK's server several seconds of CPU).
 *
 * <p>The JDK's engine accepts secure renegotiation unless the JVM-wide system property
 * {@code jdk.tls.rejectClientInitiatedRenegotiation} is set, and it reads that property once, when
 * its handshake classes load. A library setting it would change every TLS server of the host
 * application, and too late if one had already run. So the refusal happens here, per connection,
 * by watching the client's TLS record headers before the engine sees them
 * ({@link ClientRecordWatcher}). OpenSSL refuses renegotiation by itself.
 *
 * <p>The refusal is recorded as a protocol error of the connection ({@value #REFUSED}), and the
 * connection is closed after a {@code close_notify}; the renegotiation bytes never reach the engine.
 */
public final class RenegotiationRefusingSslHandler extends SslHandler {

    /** The protocol error recorded in the session journal. */
    public static final String REFUSED = "client-initiated TLS renegotiation refused";

    private final ClientRecordWatcher records = new ClientRecordWatcher();
    private boolean refused;

    RenegotiationRefusingSslHandler(SSLEngine engine, boolean startTls) {
        super(engine, startTls);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf bytes && records.renegotiates(bytes)) {
            refused = true;
            ReferenceCountUtil.release(msg);
            SessionRecord record = SessionRecord.of(ctx.channel());
            if (record != null) {
                record.protocolError(REFUSED);
            }
            // Through the whole pipeline, so that this handler sends close_notify before the socket closes.
            ctx.channel().close();
            return;
        }
        super.channelRead(ctx, msg);
    }
}
