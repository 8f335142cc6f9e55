package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.SmtpCommand;
import dev.o365emulator.codec.smtp.SmtpRequest;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.reply.SmtpCatalogue;
import dev.o365emulator.server.internal.journal.Masking;
import io.netty.handler.codec.TooLongFrameException;

/**
 * What is no command Exchange runs: EXPN, HELP and unknown verbs get {@code 500 5.3.3} naming the
 * verb, and lines the decoder could not read get a syntax error. The verb is echoed as the client
 * spelled it, or masked whole in the SASL aftermath or when it looks like base64: a client that
 * sends its credential although no exchange expects it must not see it echoed (see {@link Masking}).
 */
final class UnrecognisedHandler implements SmtpCommandHandler {

    @Override
    public void handle(SmtpConnection c, SmtpRequest request) {
        SmtpCommand verb = request.command();
        c.reply(SmtpCatalogue.UNRECOGNIZED_COMMAND, "verb", verb.isKnown() ? verb.name()
                : Masking.unrecognised(Protocol.SMTP, verb.spelling(), c.saslAftermath()));
    }

    /** A line the decoder could not read; a malformed BDAT is answered as a bad argument. */
    static void undecodable(SmtpConnection c, SmtpRequest request) {
        Throwable cause = request.decoderResult().cause();
        if (request.command().equals(SmtpCommand.BDAT)) {
            c.record().client("BDAT " + request.argument());
            c.reply(SmtpReplies.INVALID_ARGUMENTS);
            return;
        }
        c.record().protocolError("undecodable command line: " + cause.getMessage());
        c.reply(cause instanceof TooLongFrameException ? SmtpReplies.LINE_TOO_LONG : SmtpReplies.SYNTAX_ERROR);
    }
}
