package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Response;
import dev.o365emulator.codec.pop3.Pop3Responses;
import dev.o365emulator.server.internal.fault.ResponseRenderer;
import dev.o365emulator.server.internal.reply.Office365Reply;
import java.util.List;

/** Renders a catalogue reply into the POP3 status line the encoder writes. */
public final class Pop3ReplyRenderer {

    /** A rule's reply to a command. */
    public static final ResponseRenderer RESPONSES = renderer(false);
    /** A rule's reply in place of the greeting, after which the connection closes. */
    public static final ResponseRenderer GREETING = renderer(true);

    private Pop3ReplyRenderer() {
    }

    /** {@code +OK text} or {@code -ERR text}. */
    public static Pop3Response.Status response(Office365Reply reply) {
        Office365Reply.Pop3 pop3 = form(reply);
        return pop3.ok() ? Pop3Responses.ok(pop3.text()) : Pop3Responses.err(pop3.text());
    }

    private static Office365Reply.Pop3 form(Office365Reply reply) {
        if (reply.pop3() == null) {
            throw new IllegalArgumentException(reply.id() + " has no POP3 form");
        }
        return reply.pop3();
    }

    private static ResponseRenderer renderer(boolean closes) {
        return new ResponseRenderer() {
            @Override
            public List<Object> render(Office365Reply reply) {
                return List.of(response(reply));
            }

            @Override
            public List<String> transcript(Office365Reply reply) {
                Office365Reply.Pop3 pop3 = form(reply);
                return List.of((pop3.ok() ? "+OK " : "-ERR ") + pop3.text());
            }

            @Override
            public boolean closesAfter(Office365Reply reply) {
                return closes;
            }
        };
    }
}
