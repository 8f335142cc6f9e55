package dev.o365emulator.server.pop3;

import dev.o365emulator.codec.pop3.Pop3Response;
import dev.o365emulator.codec.pop3.Pop3Responses;
import dev.o365emulator.server.reply.Office365Reply;

/** Renders a catalogue reply into the POP3 status line the encoder writes. */
public final class Pop3ReplyRenderer {

    private Pop3ReplyRenderer() {
    }

    /** {@code +OK text} or {@code -ERR text}. */
    public static Pop3Response.Status response(Office365Reply reply) {
        Office365Reply.Pop3 pop3 = reply.pop3();
        if (pop3 == null) {
            throw new IllegalArgumentException(reply.id() + " has no POP3 form");
        }
        return pop3.ok() ? Pop3Responses.ok(pop3.text()) : Pop3Responses.err(pop3.text());
    }
}
