package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Request;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.Pop3Catalogue;
import dev.o365emulator.server.internal.tls.StartTls;

/**
 * STLS (RFC 2595) on 110: the {@code starttls} stage, then the go-ahead and the TLS handshake. The
 * executor discards what the client pipelined behind STLS, and the connection forgets what it learnt
 * in plain text.
 */
final class StlsHandler implements Pop3CommandHandler {

    @Override
    public void handle(Pop3Connection c, Pop3Request request) {
        if (c.tlsActive()) {
            c.reply(Pop3Catalogue.INVALID_STATE);
            return;
        }
        Office365Reply goAhead = Pop3Catalogue.STLS_GO_AHEAD;
        c.executor().startTls(c.decide(c.stage(Stage.STARTTLS, "STLS")), Pop3ReplyRenderer.RESPONSES,
                Pop3ReplyRenderer.response(goAhead), java.util.List.of(Pop3ReplyRenderer.line(goAhead)),
                response -> StartTls.upgrade(c.ctx(), c.context().tls(), c.decoder(), c.record(), response),
                c::tlsStarted);
    }
}
