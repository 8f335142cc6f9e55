package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.server.internal.store.Envelope;
import dev.o365emulator.server.internal.store.EnvelopeAddress;
import dev.o365emulator.server.internal.store.MessageStructure;
import java.util.List;

/**
 * Writes an RFC 3501 ENVELOPE: {@code (date subject from sender reply-to to cc bcc in-reply-to message-id)}.
 *
 * <p>Strings are the raw header values (encoded words kept), quoted or as literals; absent headers and
 * empty address lists are {@code NIL}. Display names go through {@link EnvelopeAddress#imapName()}.
 */
final class EnvelopeWriter {

    /** What {@link #text} gives for an envelope that needs literals: it is written anew each time. */
    static final String NOT_TEXT = "";

    private EnvelopeWriter() {
    }

    /**
     * Writes the envelope, from the text kept with the message's structure when there is one: a
     * message never changes, so its envelope is rendered once, not on every FETCH.
     */
    static void write(ImapUntaggedResponse.Builder out, MessageStructure structure) {
        String text = structure.imapEnvelope(EnvelopeWriter::text);
        if (text.isEmpty()) {
            write(out, structure.envelope());
        } else {
            out.text(text);
        }
    }

    /**
     * The envelope as one piece of protocol text, or {@link #NOT_TEXT} when a field must be a literal
     * (8-bit text, a quote, CR or LF, or over {@link ImapUntaggedResponse#MAX_QUOTED_LENGTH} characters):
     * literal bytes are not text, so such an envelope is not kept.
     */
    static String text(Envelope envelope) {
        ImapUntaggedResponse.Builder builder = ImapUntaggedResponse.builder();
        write(builder, envelope);
        ImapUntaggedResponse rendered = builder.build();
        try {
            List<ImapUntaggedResponse.Part> parts = rendered.parts();
            return parts.size() == 1 && parts.get(0) instanceof ImapUntaggedResponse.Text only ? only.text() : NOT_TEXT;
        } finally {
            rendered.release();
        }
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
