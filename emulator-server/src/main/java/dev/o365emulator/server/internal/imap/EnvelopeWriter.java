package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.server.internal.store.Envelope;
import dev.o365emulator.server.internal.store.EnvelopeAddress;
import java.util.List;

/**
 * Writes an RFC 3501 ENVELOPE: {@code (date subject from sender reply-to to cc bcc in-reply-to message-id)}.
 *
 * <p>Strings are the raw header values (encoded words kept), quoted or as literals; absent headers and
 * empty address lists are {@code NIL}. Display names go through {@link EnvelopeAddress#imapName()}.
 */
final class EnvelopeWriter {

    private EnvelopeWriter() {
    }

    static void write(ImapUntaggedResponse.Builder out, Envelope envelope) {
        out.text("(");
        out.string(envelope.date());
        out.text(" ");
        out.string(envelope.subject());
        for (List<EnvelopeAddress> list : List.of(envelope.from(), envelope.sender(), envelope.replyTo(),
                envelope.to(), envelope.cc(), envelope.bcc())) {
            out.text(" ");
            addresses(out, list);
        }
        out.text(" ");
        out.string(envelope.inReplyTo());
        out.text(" ");
        out.string(envelope.messageId());
        out.text(")");
    }

    private static void addresses(ImapUntaggedResponse.Builder out, List<EnvelopeAddress> list) {
        if (list.isEmpty()) {
            out.text("NIL");
            return;
        }
        out.text("(");
        for (EnvelopeAddress address : list) {
            out.text("(");
            out.string(address.imapName());
            out.text(" ");
            out.string(address.route());
            out.text(" ");
            out.string(address.mailbox());
            out.text(" ");
            out.string(address.host());
            out.text(")");
        }
        out.text(")");
    }
}
