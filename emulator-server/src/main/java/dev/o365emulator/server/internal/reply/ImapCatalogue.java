package dev.o365emulator.server.internal.reply;

import dev.o365emulator.server.internal.reply.Office365Reply.Imap;
import dev.o365emulator.server.internal.reply.Office365Reply.ImapKind;
import dev.o365emulator.server.internal.reply.Provenance.Evidence;
import java.util.List;

/**
 * What Office 365's IMAP service (outlook.office365.com, 993; 143 with STARTTLS) says outside a
 * login refusal ({@link AuthRefusals} has those), and the words of its CAPABILITY, FLAGS and
 * NAMESPACE data.
 *
 * <p>Exchange answers every command with {@code <CMD> completed.} or {@code <CMD> failed.} and numbers
 * its other errors ({@code Command Error. 10}, {@code Command Argument Error. 11},
 * {@code Connection closed. 14}); where Office 365's text is not captured the emulator keeps to that
 * habit. A {@code BYE} form is written untagged and ends the connection; an {@code OK} form is tagged
 * when it answers a command and untagged when it is unsolicited (the greeting, SELECT's data). A text
 * may begin with a bracketed response code. Placeholders: {@code {command}}, {@code {greetingBlob}}
 * (base64 of the UTF-16LE name of the front end), {@code {uidValidity}}, {@code {uidNext}}, {@code {unseen}},
 * {@code {keywords}}.
 */
public final class ImapCatalogue {

    private ImapCatalogue() {
    }

    private static final String MAILKIT_FIXTURES = "https://github.com/jstedfast/MailKit (UnitTests/Net/Imap/Resources"
            + "/exchange: greeting, capability-preauth, capability-postauth)";
    private static final String NODE_IMAP_523 = "https://github.com/mscdex/node-imap/issues/523";
    private static final String MAILKIT_1496 = "https://github.com/jstedfast/MailKit/issues/1496";
    private static final String SELECT_CAPTURE = "https://github.com/MailCore/mailcore2/issues/780";

    /** The system flags and keywords Exchange offers, in its order (SELECT's FLAGS and PERMANENTFLAGS). */
    public static final List<String> FLAGS = List.of("\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft",
            "$MDNSent");

    /**
     * CAPABILITY before login on 993 (and on 143 after STARTTLS), captured 2015–2025: MailKit's Exchange
     * fixtures, https://github.com/mscdex/node-imap/issues/523, https://github.com/jstedfast/MailKit/issues/1496.
     */
    public static final List<String> CAPABILITIES_PRE_AUTH = List.of("IMAP4", "IMAP4rev1", "AUTH=PLAIN",
            "AUTH=XOAUTH2", "SASL-IR", "UIDPLUS", "ID", "UNSELECT", "CHILDREN", "IDLE", "NAMESPACE", "LITERAL+");

    /** CAPABILITY after login, from the same captures and https://github.com/imapsync/imapsync/issues/239. */
    public static final List<String> CAPABILITIES_POST_AUTH = List.of("IMAP4", "IMAP4rev1", "AUTH=PLAIN",
            "AUTH=XOAUTH2", "SASL-IR", "UIDPLUS", "MOVE", "ID", "UNSELECT", "CLIENTACCESSRULES",
            "CLIENTNETWORKPRESENCELOCATION", "BACKENDAUTHENTICATE", "CHILDREN", "IDLE", "NAMESPACE", "LITERAL+");

    /**
     * CAPABILITY on 143 before STARTTLS: an Exchange capture (https://github.com/mscdex/node-imap/issues/685);
     * Office 365's own plain-text port is not captured.
     */
    public static final List<String> CAPABILITIES_PLAIN = List.of("IMAP4", "IMAP4rev1", "LOGINDISABLED", "STARTTLS",
            "UIDPLUS", "MOVE", "ID", "CHILDREN", "IDLE", "NAMESPACE", "LITERAL+");

    /** NAMESPACE's data: one personal namespace, the root, delimited by {@code /} (https://github.com/jstedfast/MailKit/issues/1282). */
    public static final String NAMESPACES = "((\"\" \"/\")) NIL NIL";

    public static final Office365Reply GREETING = imap("imap-greeting",
            "an IMAP connection opens (untagged); the bracket is base64 of the UTF-16LE name of the front end",
            ImapKind.OK, "The Microsoft Exchange IMAP4 service is ready. [{greetingBlob}]",
            Provenance.captured(MAILKIT_FIXTURES + "; " + NODE_IMAP_523 + "; " + MAILKIT_1496));

    /** The tagged OK of every command that succeeds; {@code {command}} is its name ({@code UID FETCH} says FETCH). */
    public static final Office365Reply COMPLETED = imap("imap-completed",
            "a command that succeeds", ImapKind.OK, "{command} completed.",
            new Provenance(Evidence.CAPTURED, NODE_IMAP_523 + " (LOGIN, CAPABILITY); " + MAILKIT_1496
                    + " (AUTHENTICATE); " + SELECT_CAPTURE + " (SELECT); https://github.com/jstedfast/MailKit/issues/1282"
                    + " (NAMESPACE)", "the other commands are assumed to follow the same form"));

    /** The tagged NO of a command that fails without a more precise reply. */
    public static final Office365Reply FAILED = imap("imap-failed",
            "a command the server cannot carry out (a folder that does not exist, a read-only folder, an unknown"
                    + " SASL mechanism)", ImapKind.NO, "{command} failed.",
            new Provenance(Evidence.CAPTURED, "https://github.com/mjs/imapclient/issues/602 (LOGIN);"
                    + " https://github.com/jstedfast/MailKit/issues/849 (AUTHENTICATE)",
                    "seen for LOGIN and AUTHENTICATE; assumed for every other command"));

    public static final Office365Reply AUTHENTICATE_CANCELLED = imap("imap-authenticate-cancelled",
            "the client cancels an AUTHENTICATE exchange with *", ImapKind.BAD, "AUTHENTICATE failed.",
            Provenance.inferred("RFC 3501 §6.2.2 answers a cancelled exchange with BAD; Exchange's failure text"
                    + " is kept, as Office 365 never says more about a failed AUTHENTICATE"));

    public static final Office365Reply INVALID_STATE = imap("imap-invalid-state",
            "a command not valid in the session's state (SELECT before login, LOGIN before STARTTLS on 143, a second"
                    + " login)", ImapKind.BAD, "Command received in Invalid state.",
            Provenance.community("https://github.com/mscdex/node-imap/issues/685;"
                    + " https://github.com/techsneeze/dmarcts-report-parser/issues/25", "Exchange on premises"));

    /** Untagged ({@code * BAD}) when no tag could be read from the line. */
    public static final Office365Reply COMMAND_ERROR = imap("imap-command-error",
            "a line that is not a command the server knows: an unknown command, broken syntax, an over-long line",
            ImapKind.BAD, "Command Error. 10",
            new Provenance(Evidence.CAPTURED, "https://github.com/thunderbird/thunderbird-android/issues/1809"
                    + " (Office 365, an APPEND it could not read); https://github.com/mscdex/node-imap/issues/44",
                    "captured for lines Exchange could not parse; the emulator gives it to every unreadable line"));

    public static final Office365Reply ARGUMENT_ERROR = imap("imap-argument-error",
            "a known command whose arguments do not fit its grammar", ImapKind.BAD, "Command Argument Error. 11",
            Provenance.captured("https://github.com/imapsync/imapsync/issues/239"));

    public static final Office365Reply STARTTLS_GO_AHEAD = imap("imap-starttls-go-ahead",
            "STARTTLS on 143 before login: TLS starts after this line", ImapKind.OK, "Begin TLS negotiation now.",
            Provenance.community("https://github.com/mscdex/node-imap/issues/514", "Exchange on premises, port 143"));

    /** Written as a continuation request: {@code + IDLE accepted, awaiting DONE command.} */
    public static final Office365Reply IDLE_ACCEPTED = imap("imap-idle-accepted",
            "IDLE: the server waits for DONE, sending updates meanwhile", ImapKind.OK,
            "IDLE accepted, awaiting DONE command.",
            Provenance.community("https://github.com/smiley22/S22.Imap/issues/57", "Exchange 2010"));

    public static final Office365Reply SIGN_OFF = imap("imap-sign-off",
            "LOGOUT (before its tagged OK), and after a login refused because basic authentication is disabled",
            ImapKind.BYE, "Microsoft Exchange Server IMAP4 server signing off.",
            Provenance.captured("https://github.com/mjs/imapclient/issues/602; https://github.com/holon-run/uxc/issues/445"
                    + " (after the refusal, user-pasted)"));

    public static final Office365Reply NOT_CONNECTED_CLOSED = imap("imap-not-connected-closed",
            "the second command answered \"User is authenticated but not connected.\": the connection ends",
            ImapKind.BYE, "Connection closed. 14",
            Provenance.captured(NODE_IMAP_523 + "; " + MAILKIT_1496
                    + "; https://github.com/simonrob/email-oauth2-proxy/issues/74"));

    public static final Office365Reply TOKEN_EXPIRED = imap("imap-token-expired",
            "the first command after the XOAUTH2 token's exp, or the exp itself while the client idles",
            ImapKind.BYE, "Session invalidated - AccessTokenExpired",
            Provenance.community("a production IMAP log and imapflow's parser tests in public GitHub files"
                    + " (repositories not resolved)", "Office 365 also sends the text tagged on SEARCH or UID;"
                    + " the emulator always ends the session with the untagged BYE"));

    public static final Office365Reply AUTO_LOGOUT = imap("imap-auto-logout",
            "a connection without a client command (or not reading a reply) for the auto-logout time, 30 minutes"
                    + " by default", ImapKind.BYE, "Connection is closed. 13",
            Provenance.inferred("not captured, nor is Office 365's timeout (Exchange's AuthenticatedConnectionTimeout"
                    + " defaults to 30 minutes, and RFC 3501 §5.4 asks for at least 30). Exchange numbers its IMAP"
                    + " disconnect reasons in this form (Connection closed. 14 is captured), and 13 is the one its"
                    + " front end gives a connection that timed out"));

    public static final Office365Reply TOO_MUCH_PIPELINED = imap("imap-too-much-pipelined",
            "more commands (or literal bytes) queued behind an unfinished command than the server keeps",
            ImapKind.BYE, "Too many commands sent without waiting for the replies.",
            Provenance.inferred("Office 365's text is not known (Exchange closes such a client); this one says"
                    + " plainly why"));

    public static final Office365Reply ENDLESS_LINE = imap("imap-endless-line",
            "a command line still without its end after 64 KiB", ImapKind.BYE, "Connection is closed. 10",
            Provenance.inferred("not captured; it takes Exchange's numbered form (Connection closed. 14) with 10,"
                    + " the number of its command-error text (Command Error. 10), as the POP3 service's"
                    + " \"Protocol error. Connection is closed. 10\" does"));

    public static final Office365Reply TRY_CREATE = imap("imap-try-create",
            "APPEND, COPY or MOVE to a folder that does not exist", ImapKind.NO, "[TRYCREATE] {command} failed.",
            Provenance.inferred("RFC 3501 §6.3.11 and §6.4.7: the server says TRYCREATE when creating the folder"
                    + " would help; Exchange's failure text is kept"));

    public static final Office365Reply OVER_QUOTA = imap("imap-over-quota",
            "APPEND, COPY or MOVE that would take the mailbox over its quota, or that a full disk under the"
                    + " Maildir store cannot take", ImapKind.NO,
            "[OVERQUOTA] {command} failed.",
            Provenance.inferred("Exchange's IMAP text for a full mailbox is not captured: its failure text is kept,"
                    + " and the reason goes into the code a client can act on, OVERQUOTA (RFC 9208 §4.3, the user"
                    + " would be over quota after the operation); a full disk is OVERQUOTA too, as Dovecot answers one"));

    public static final Office365Reply STORE_FULL = imap("imap-store-full",
            "APPEND, COPY or MOVE that the emulator's store budget has no room for", ImapKind.NO,
            "[LIMIT] {command} failed.",
            Provenance.inferred("the emulator's own memory budget, which is not the user's quota: LIMIT (RFC 5530,"
                    + " an implementation limit), with Exchange's failure text"));

    public static final Office365Reply STORAGE_FAILED = imap("imap-storage-failed",
            "APPEND, COPY or MOVE that the Maildir store could not write (a failed write other than a full disk),"
                    + " or a store write refused because every store writer is busy",
            ImapKind.NO, "[UNAVAILABLE] {command} failed.",
            Provenance.inferred("UNAVAILABLE (RFC 5530, a temporary failure because a subsystem is down), with"
                    + " Exchange's failure text; a client may try again later"));

    public static final Office365Reply BAD_CHARSET = imap("imap-bad-charset",
            "SEARCH with a charset other than US-ASCII and UTF-8", ImapKind.NO,
            "[BADCHARSET (US-ASCII UTF-8)] SEARCH failed.",
            Provenance.inferred("RFC 3501 §6.4.4 and §7.1: NO with BADCHARSET listing the supported charsets;"
                    + " Exchange's failure text is kept"));

    /**
     * Untagged, after SELECT's FLAGS; {@code {keywords}} is the folder's own keywords, each preceded by a
     * space, or empty.
     */
    public static final Office365Reply SELECT_PERMANENT_FLAGS = imap("imap-select-permanent-flags",
            "SELECT and EXAMINE: the flags a client may store", ImapKind.OK,
            "[PERMANENTFLAGS (" + String.join(" ", FLAGS) + "{keywords} \\*)] Permanent flags",
            new Provenance(Evidence.CAPTURED, SELECT_CAPTURE, "captured without keywords and without \\*; Office 365"
                    + " stores custom keywords permanently (Outlook's categories, $Forwarded, a client's own), so the"
                    + " emulator lists the folder's keywords and \\* (RFC 3501 §7.1: new keywords may be created)"
                    + " rather than have clients such as imaptest see a keyword the FLAGS never named"));

    /** Untagged, between PERMANENTFLAGS and UIDVALIDITY, only when the folder has an unseen message; {@code {unseen}}. */
    public static final Office365Reply SELECT_UNSEEN = imap("imap-select-unseen",
            "SELECT and EXAMINE of a folder with unseen messages: the sequence number of the first",
            ImapKind.OK, "[UNSEEN {unseen}] Is the first unseen message",
            Provenance.community("https://wiki.archlinux.org/index.php?title=Isync&oldid=305107 (mbsync -V against"
                    + " Exchange: the line between PERMANENTFLAGS and UIDVALIDITY)", "Exchange 2003; RFC 3501 §6.3.1"
                    + " requires the response, and Office 365 is assumed to keep Exchange's text"));

    /** Untagged; {@code {uidValidity}}. */
    public static final Office365Reply SELECT_UID_VALIDITY = imap("imap-select-uidvalidity",
            "SELECT and EXAMINE: the folder's UIDVALIDITY", ImapKind.OK, "[UIDVALIDITY {uidValidity}] UIDVALIDITY value",
            Provenance.captured(SELECT_CAPTURE));

    /** Untagged; {@code {uidNext}}. */
    public static final Office365Reply SELECT_UID_NEXT = imap("imap-select-uidnext",
            "SELECT and EXAMINE: the UID the next message will get", ImapKind.OK,
            "[UIDNEXT {uidNext}] The next unique identifier value", Provenance.captured(SELECT_CAPTURE));

    public static final Office365Reply SELECTED_FOLDER_DELETED = imap("imap-selected-folder-deleted",
            "the folder this session has selected is deleted by another session (or in Outlook): the connection ends",
            ImapKind.BYE, "The selected folder was deleted.",
            Provenance.inferred("not captured. Exchange cannot refuse the deletion (Outlook and OWA delete folders"
                    + " that IMAP clients have open), and RFC 3501 leaves a session on a vanished folder nothing it"
                    + " could still do; ending it with BYE, as Dovecot does, is what a client can recover from"));

    static List<Office365Reply> all() {
        return List.of(GREETING, COMPLETED, FAILED, AUTHENTICATE_CANCELLED, INVALID_STATE, COMMAND_ERROR,
                ARGUMENT_ERROR, STARTTLS_GO_AHEAD, IDLE_ACCEPTED, SIGN_OFF, NOT_CONNECTED_CLOSED, TOKEN_EXPIRED,
                AUTO_LOGOUT, TOO_MUCH_PIPELINED, ENDLESS_LINE, TRY_CREATE, OVER_QUOTA, STORE_FULL, STORAGE_FAILED,
                BAD_CHARSET, SELECT_PERMANENT_FLAGS, SELECT_UNSEEN, SELECT_UID_VALIDITY, SELECT_UID_NEXT,
                SELECTED_FOLDER_DELETED);
    }

    private static Office365Reply imap(String id, String condition, ImapKind kind, String text, Provenance provenance) {
        return new Office365Reply(id, condition, null, new Imap(kind, text, null), null, provenance);
    }
}
