package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.codec.imap.ImapTaggedResponse;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.internal.fault.FaultDecision;
import dev.o365emulator.server.internal.reply.ImapCatalogue;
import dev.o365emulator.server.internal.tls.StartTls;

/**
 * STARTTLS on 143: the {@code starttls} stage, the go-ahead, the upgrade. What the client pipelined
 * behind the command came in plain text and is discarded (the executor and {@link StartTls} see to it);
 * a {@code tls-handshake-failure} rule writes the go-ahead and fails the handshake instead.
 */
final class StartTlsHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        require(request.arguments().isEmpty());
        String tag = request.tag();
        if (c.tls) {
            c.reply(tag, ImapCatalogue.INVALID_STATE);
            return;
        }
        FaultDecision decision = c.context.faults().decide(c.ctx.channel(), c.stage(Stage.STARTTLS, "STARTTLS").build());
        ImapTaggedResponse goAhead = ImapReplyRenderer.tagged(tag, ImapCatalogue.STARTTLS_GO_AHEAD, null);
        c.executor.startTls(decision, ImapReplyRenderer.forTag(tag), goAhead,
                java.util.List.of(tag + " " + goAhead.status() + " " + goAhead.text()),
                response -> StartTls.upgrade(c.ctx, c.context.tls(), c.decoder, c.record, response),
                () -> c.tls = true);
    }
}
