package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Response;
import dev.o365emulator.codec.pop3.Pop3Responses;
import dev.o365emulator.server.internal.fault.ResponseRenderer;
import dev.o365emulator.server.internal.reply.Office365Reply;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** Renders a catalogue reply into the POP3 responses the encoder writes, and says what they put on the wire. */
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

    /** The reply's {@code +OK} line, the lines, the dot: CAPA, LIST, UIDL. */
    static Pop3Response.MultiLine listing(Office365Reply reply, List<String> lines) {
        return Pop3Responses.multiLine(positive(reply).text(), lines);
    }

    /** The reply's {@code +OK} line, the message bytes (taking over one reference), the dot: RETR, TOP. */
    static Pop3Response.MessageContent content(Office365Reply reply, ByteBuf message) {
        return Pop3Responses.message(positive(reply).text(), message);
    }

    /** The line a reply puts on the wire, without its CRLF: for the transcript. */
    static String line(Office365Reply reply) {
        return line(response(reply));
    }

    /** The line a status puts on the wire, without its CRLF: {@code +OK} or {@code -ERR}, then the text if any. */
    static String line(Pop3Response.Status status) {
        String head = status.positive() ? "+OK" : "-ERR";
        return status.text().isEmpty() ? head : head + " " + status.text();
    }

    /**
     * The {@code +OK} line of a multi-line response with {@code text} (already checked when its
     * response was built), without its CRLF.
     */
    static String okLine(String text) {
        return text.isEmpty() ? "+OK" : "+OK " + text;
    }

    private static Office365Reply.Pop3 positive(Office365Reply reply) {
        Office365Reply.Pop3 pop3 = form(reply);
        if (!pop3.ok()) {
            throw new IllegalArgumentException(reply.id() + " is not a +OK reply");
        }
        return pop3;
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
                return List.of(line(reply));
            }

            @Override
            public boolean closesAfter(Office365Reply reply) {
                return closes;
            }
        };
    }
}
