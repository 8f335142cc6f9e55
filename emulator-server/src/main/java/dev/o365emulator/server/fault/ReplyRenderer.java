package dev.o365emulator.server.fault;

import dev.o365emulator.scenarios.Reply;
import dev.o365emulator.server.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link FaultReply} into the lines of one protocol: an SMTP reply, an IMAP tagged
 * {@code NO}/{@code BAD} or untagged {@code * BYE}, a POP3 {@code -ERR}.
 *
 * <pre>{@code
 * FaultActions.apply(ctx, decision, ReplyRenderer.imap(tag), () -> select(ctx, tag, mailbox));
 * }</pre>
 */
@FunctionalInterface
public interface ReplyRenderer {

    /** The reply's lines, without CRLF. */
    List<String> render(FaultReply reply);

    /** Whether the connection closes after the reply (greeting replacements and IMAP BYE do). */
    default boolean closesAfter(FaultReply reply) {
        return false;
    }

    /** SMTP: {@code 451 4.7.500 Server busy…}. */
    static ReplyRenderer smtp() {
        return r -> List.of((r.code() == null ? 451 : r.code()) + " "
                + (r.enhanced() == null ? "" : r.enhanced() + " ") + r.text());
    }

    /** POP3: {@code -ERR text}, or {@code +OK text} for a 2xx/3xx code. */
    static ReplyRenderer pop3() {
        return r -> List.of((r.code() != null && r.code() < 400 ? "+OK " : "-ERR ") + r.text());
    }

    /** IMAP, answering the command with this tag. */
    static ReplyRenderer imap(String tag) {
        return new ReplyRenderer() {
            @Override
            public List<String> render(FaultReply r) {
                List<String> lines = new ArrayList<>(2);
                switch (r.imap()) {
                    case NO -> lines.add(tag + " NO " + r.text());
                    case BAD -> lines.add(tag + " BAD " + r.text());
                    case BYE -> lines.add("* BYE " + r.text());
                }
                if (r.bye() != null) {
                    lines.add("* BYE " + r.bye());
                }
                return lines;
            }

            @Override
            public boolean closesAfter(FaultReply r) {
                return r.imapEndsConnection();
            }
        };
    }

    /**
     * A reply in place of the greeting, which ends the connection: SMTP {@code 421 …}, IMAP
     * {@code * BYE …} (a greeting can only be OK, PREAUTH or BYE), POP3 {@code -ERR …}.
     */
    static ReplyRenderer greeting(Protocol protocol) {
        ReplyRenderer base = switch (protocol) {
            case SMTP -> smtp();
            case POP3 -> pop3();
            case IMAP -> r -> List.of("* BYE " + r.text());
        };
        return new ReplyRenderer() {
            @Override
            public List<String> render(FaultReply reply) {
                return base.render(new FaultReply(reply.code(), reply.enhanced(), reply.text(), Reply.ImapStatus.BYE,
                        null));
            }

            @Override
            public boolean closesAfter(FaultReply reply) {
                return true;
            }
        };
    }

    /** The renderer of a protocol for commands ({@code tag} is used by IMAP only). */
    static ReplyRenderer of(Protocol protocol, String tag) {
        return switch (protocol) {
            case SMTP -> smtp();
            case IMAP -> imap(tag == null ? "*" : tag);
            case POP3 -> pop3();
        };
    }
}
