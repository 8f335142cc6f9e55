package dev.o365emulator.server.fault;

import dev.o365emulator.scenarios.Reply;

/**
 * A reply a rule chose, with its placeholders filled in, before a {@link ReplyRenderer} turns it
 * into the session's protocol.
 *
 * @param code SMTP reply code (null when the rule only applies to IMAP/POP3)
 * @param enhanced SMTP enhanced status code, or null
 * @param imap how IMAP answers (tagged NO or BAD, or an untagged BYE)
 * @param bye IMAP only: an untagged BYE after the tagged reply, or null
 */
public record FaultReply(Integer code, String enhanced, String text, Reply.ImapStatus imap, String bye) {

    /** Whether the reply ends the connection in IMAP ({@code * BYE}). */
    public boolean imapEndsConnection() {
        return imap == Reply.ImapStatus.BYE || bye != null;
    }
}
