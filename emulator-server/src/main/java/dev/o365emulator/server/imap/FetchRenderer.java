package dev.o365emulator.server.imap;

import dev.o365emulator.codec.imap.FetchAttribute;
import dev.o365emulator.codec.imap.FetchAttribute.BodySection;
import dev.o365emulator.codec.imap.FetchAttribute.Simple;
import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.server.store.Envelope;
import dev.o365emulator.server.store.EnvelopeAddress;
import dev.o365emulator.server.store.MessageHandle;
import io.netty.buffer.Unpooled;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Renders FETCH responses from stored messages.
 *
 * <p>A deliberately small stand-in (FLAGS, UID, RFC822.SIZE, INTERNALDATE, ENVELOPE and whole-message
 * BODY[] / BODY.PEEK[] / RFC822) so the session compiles and runs; the full renderer replaces it.
 */
public final class FetchRenderer {

    static final DateTimeFormatter INTERNAL_DATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private FetchRenderer() {
    }

    /** Whether fetching these attributes sets \Seen (a non-PEEK BODY[...], RFC822, RFC822.TEXT). */
    public static boolean setsSeen(List<FetchAttribute> attributes) {
        for (FetchAttribute a : attributes) {
            if (a == Simple.RFC822 || a == Simple.RFC822_TEXT || (a instanceof BodySection s && !s.peek())) {
                return true;
            }
        }
        return false;
    }

    /** "* <sequence> FETCH (...)" for one message; includes UID when includeUid (UID FETCH) even if not asked. */
    public static ImapUntaggedResponse render(long sequence, MessageHandle message, List<FetchAttribute> attributes,
            boolean includeUid) {
        ImapUntaggedResponse.Builder out = ImapUntaggedResponse.builder().text(sequence + " FETCH (");
        boolean first = true;
        if (includeUid && !attributes.contains(Simple.UID)) {
            out.text("UID " + message.uid());
            first = false;
        }
        for (FetchAttribute a : attributes) {
            if (!first) {
                out.text(" ");
            }
            first = false;
            if (a == Simple.UID) {
                out.text("UID " + message.uid());
            } else if (a == Simple.FLAGS) {
                out.text("FLAGS (" + String.join(" ", message.flags().names()) + ")");
            } else if (a == Simple.RFC822_SIZE) {
                out.text("RFC822.SIZE " + message.message().size());
            } else if (a == Simple.INTERNALDATE) {
                out.text("INTERNALDATE \"" + INTERNAL_DATE.format(message.message().internalDate()) + "\"");
            } else if (a == Simple.ENVELOPE) {
                out.text("ENVELOPE ");
                envelope(out, message.message().structure().envelope());
            } else if (a == Simple.RFC822) {
                out.text("RFC822 ").literal(Unpooled.wrappedBuffer(message.message().raw()));
            } else if (a instanceof BodySection s && s.part().isEmpty() && s.text() == FetchAttribute.SectionText.WHOLE
                    && s.partial() == null) {
                out.text("BODY[] ").literal(Unpooled.wrappedBuffer(message.message().raw()));
            } else {
                throw new IllegalArgumentException("not rendered by this FetchRenderer: " + a);
            }
        }
        return out.text(")").build();
    }

    private static void envelope(ImapUntaggedResponse.Builder out, Envelope e) {
        out.text("(").string(e.date()).text(" ").string(e.subject()).text(" ");
        for (List<EnvelopeAddress> list : List.of(e.from(), e.sender(), e.replyTo(), e.to(), e.cc(), e.bcc())) {
            addresses(out, list);
            out.text(" ");
        }
        out.string(e.inReplyTo()).text(" ").string(e.messageId()).text(")");
    }

    private static void addresses(ImapUntaggedResponse.Builder out, List<EnvelopeAddress> list) {
        if (list.isEmpty()) {
            out.text("NIL");
            return;
        }
        out.text("(");
        for (EnvelopeAddress a : list) {
            out.text("(").string(a.imapName()).text(" ").string(a.route()).text(" ").string(a.mailbox()).text(" ")
                    .string(a.host()).text(")");
        }
        out.text(")");
    }
}
