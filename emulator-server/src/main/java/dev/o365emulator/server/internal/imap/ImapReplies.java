package dev.o365emulator.server.internal.imap;

/** Office 365's IMAP texts (o365-reference.md §1–§3, §5), verbatim where a capture exists. */
public final class ImapReplies {

    private ImapReplies() {
    }

    public static final String GREETING_PREFIX = "OK The Microsoft Exchange IMAP4 service is ready. [";

    /** Before login on 993 (and on 143 after STARTTLS). */
    public static final String CAPABILITY_PRE_AUTH =
            "CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+";
    public static final String CAPABILITY_POST_AUTH = "CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS"
            + " MOVE ID UNSELECT CLIENTACCESSRULES CLIENTNETWORKPRESENCELOCATION BACKENDAUTHENTICATE CHILDREN IDLE"
            + " NAMESPACE LITERAL+";
    /** Port 143 before STARTTLS (an Exchange capture). */
    public static final String CAPABILITY_PLAIN =
            "CAPABILITY IMAP4 IMAP4rev1 LOGINDISABLED STARTTLS UIDPLUS MOVE ID CHILDREN IDLE NAMESPACE LITERAL+";

    public static final String BYE_LOGOUT = "BYE Microsoft Exchange Server IMAP4 server signing off.";
    public static final String BYE_NOT_CONNECTED = "BYE Connection closed. 14";
    /**
     * The auto-logout of an idle connection. Unconfirmed for Office 365 (o365-reference.md §5); Exchange
     * numbers its IMAP disconnect reasons in this form ({@code Connection closed. 14} above), and 13 is
     * the one its front end gives a connection that timed out.
     */
    public static final String BYE_AUTO_LOGOUT = "BYE Connection is closed. 13";
    /**
     * Too many commands queued behind an unfinished one. Office 365's text for this is not known
     * (Exchange closes such a client); this one says plainly why.
     */
    public static final String BYE_TOO_MUCH_PIPELINED = "BYE Too many commands sent without waiting for the replies.";
    /**
     * The close after a command line that never ends. No capture exists; it takes Exchange's numbered
     * form above with 10, the number of its command-error text ({@code Command Error. 10}), as the
     * POP3 service's {@code Protocol error. Connection is closed. 10} does.
     */
    public static final String BYE_ENDLESS_LINE = "BYE Connection is closed. 10";
    public static final String INVALID_STATE = "Command received in Invalid state.";
    public static final String COMMAND_ERROR = "Command Error. 10";
    public static final String ARGUMENT_ERROR = "Command Argument Error. 11";
    public static final String STARTTLS_GO_AHEAD = "Begin TLS negotiation now.";
    public static final String IDLE_CONTINUATION = "IDLE accepted, awaiting DONE command.";
    public static final String NAMESPACE = "NAMESPACE ((\"\" \"/\")) NIL NIL";
    public static final String FLAGS = "FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent)";
    public static final String PERMANENT_FLAGS =
            "OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent)] Permanent flags";

    /** Throttling, for the scenarios that will produce it: {@code <tag> NO} (or BAD) then a dropped connection. */
    public static String throttled(long backoffMillis) {
        return "Request is throttled. Suggested Backoff Time: " + backoffMillis + " milliseconds";
    }

    public static final String SERVER_UNAVAILABLE = "Server Unavailable. 15";
    /** An expired token mid-session: untagged BYE during IDLE, or the tagged text on the next command. */
    public static final String SESSION_INVALIDATED = "Session invalidated - AccessTokenExpired";

    /**
     * The response code of an APPEND, COPY or MOVE that the store had no room for, or null for other
     * failures. Exchange's IMAP text for a full mailbox is not captured; its {@code <CMD> failed.} text is
     * kept, and the reason goes into the code a client can act on: {@code OVERQUOTA} (RFC 9208 §4.3, "the
     * user would be over quota after the operation") for the mailbox's quota, {@code LIMIT} (RFC 5530, "an
     * implementation limit") for the emulator's store budget, which is not the user's quota. A full disk under
     * the Maildir store is {@code OVERQUOTA} too, as Dovecot answers one; another failed write is
     * {@code UNAVAILABLE} (RFC 5530, "a subsystem is down").
     */
    public static String storeRefusalCode(dev.o365emulator.server.internal.store.FolderException.Reason reason) {
        return switch (reason) {
            case QUOTA_EXCEEDED, STORAGE_FULL -> "OVERQUOTA";
            case STORE_FULL -> "LIMIT";
            case STORAGE_FAILED -> "UNAVAILABLE";
            default -> null;
        };
    }

    /** {@code <CMD> completed.}, Exchange's OK text for every command. */
    public static String completed(String command) {
        return command + " completed.";
    }

    /** {@code <CMD> failed.}, Exchange's NO text (seen for LOGIN and AUTHENTICATE; assumed for the rest). */
    public static String failed(String command) {
        return command + " failed.";
    }
}
