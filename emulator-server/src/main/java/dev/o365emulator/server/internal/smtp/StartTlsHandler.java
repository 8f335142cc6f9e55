package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.SmtpRequest;
import dev.o365emulator.codec.smtp.SmtpResponse;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.internal.reply.SmtpCatalogue;
import dev.o365emulator.server.internal.tls.StartTls;

/**
 * STARTTLS (RFC 3207), stage {@code starttls}: the go-ahead, the upgrade done by {@link StartTls}, and
 * everything learnt in plain text forgotten. What the client pipelined behind the command is thrown
 * away by the executor, a {@code tls-handshake-failure} rule fails the handshake after the go-ahead.
 */
final class StartTlsHandler implements SmtpCommandHandler {

    @Override
    public SmtpResponse refuseBeforeState(SmtpConnection c, SmtpRequest request) {
        if (c.tls()) {
            // Not offered after TLS (nor on 465): Exchange treats it as an unknown verb.
            return c.response(SmtpCatalogue.UNRECOGNIZED_COMMAND, "verb", "STARTTLS");
        }
        return request.argument().isBlank() ? null : SmtpReplies.INVALID_ARGUMENTS;
    }

    @Override
    public void handle(SmtpConnection c, SmtpRequest request) {
        SmtpResponse goAhead = SmtpReplies.TLS_GO_AHEAD;
        c.executor().startTls(c.decide(c.stage(Stage.STARTTLS, "STARTTLS")), SmtpReplyRenderer.RESPONSES, goAhead,
                SmtpReplyRenderer.lines(goAhead),
                reply -> StartTls.upgrade(c.ctx(), c.context().tls(), c.decoder(), c.record(), reply), c::upgraded);
    }
}
