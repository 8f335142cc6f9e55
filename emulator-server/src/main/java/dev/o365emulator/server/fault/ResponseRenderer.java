package dev.o365emulator.server.fault;

import java.util.List;

/**
 * Turns a rule's {@link FaultReply} into a protocol's typed responses, which the session's encoder
 * writes: an SMTP reply, an IMAP tagged {@code NO}/{@code BAD} or untagged {@code * BYE}, a POP3
 * {@code -ERR}. Each protocol package provides its own.
 */
public interface ResponseRenderer {

    /** The responses, in the order they are written. */
    List<Object> render(FaultReply reply);

    /** Whether the connection closes after the reply (greeting replacements and IMAP BYE do). */
    default boolean closesAfter(FaultReply reply) {
        return false;
    }
}
