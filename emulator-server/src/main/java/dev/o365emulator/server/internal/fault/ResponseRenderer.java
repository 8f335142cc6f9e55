package dev.o365emulator.server.internal.fault;

import dev.o365emulator.server.internal.reply.Office365Reply;
import java.util.List;

/**
 * Turns a catalogue reply into a protocol's typed responses, which the session's encoder writes: an
 * SMTP reply, an IMAP tagged {@code NO}/{@code BAD} or untagged {@code * BYE}, a POP3 {@code -ERR}.
 * Each protocol package provides its own; the fault package knows none of them.
 */
public interface ResponseRenderer {

    /** For stages where nothing is answered ({@code connect}): asking it to render is a bug. */
    ResponseRenderer NONE = new ResponseRenderer() {
        @Override
        public List<Object> render(Office365Reply reply) {
            throw new IllegalStateException("nothing is answered at this stage: " + reply.id());
        }

        @Override
        public List<String> transcript(Office365Reply reply) {
            return render(reply).stream().map(String::valueOf).toList();
        }
    };

    /** The responses, in the order they are written. */
    List<Object> render(Office365Reply reply);

    /** The lines the responses put on the wire (without CRLF), for the session's transcript. */
    List<String> transcript(Office365Reply reply);

    /** Whether the connection closes after the reply (greeting replacements and IMAP BYE do). */
    default boolean closesAfter(Office365Reply reply) {
        return false;
    }
}
