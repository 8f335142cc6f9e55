package dev.o365emulator.server.internal.reply;

import dev.o365emulator.server.internal.reply.Office365Reply.Pop3;
import dev.o365emulator.server.internal.reply.Provenance.Evidence;
import java.util.List;

/**
 * What Office 365's POP3 service (outlook.office365.com, 995; 110 with STLS) says outside a login
 * refusal ({@link AuthRefusals} has those).
 *
 * <p>Where no Office 365 capture exists the words follow the Exchange POP3 service Exchange Online's
 * grew from: its strings (e.g. {@code Logon failure: unknown user name or bad password.}) are the
 * ones captured from Office 365. Placeholders: {@code {greetingBlob}} (base64 of the UTF-16LE name
 * of the front end), {@code {count}} and {@code {octets}}.
 */
public final class Pop3Catalogue {

    private Pop3Catalogue() {
    }

    private static final String CAPA_SOURCE = "https://github.com/kisli/vmime/issues/267";
    private static final String OAUTH_PROXY_SOURCE = "https://github.com/simonrob/email-oauth2-proxy/issues/244";
    /** A POP3 client's test suite run against outlook.office365.com; its repository is not resolved. */
    private static final String CLIENT_SUITE = "a POP3 client's test suite run against outlook.office365.com"
            + " (Automation Anywhere's; repository not resolved)";
    private static final String EXCHANGE = "Exchange Server's POP3 service (on premises)";

    public static final Office365Reply GREETING = pop3("pop3-greeting",
            "a POP3 connection opens; the bracket is base64 of the UTF-16LE name of the front end", true,
            "The Microsoft Exchange POP3 service is ready. [{greetingBlob}]", Provenance.captured(CAPA_SOURCE));

    /** The status line of CAPA; the capabilities themselves are {@link #CAPABILITIES}. */
    public static final Office365Reply CAPA = pop3("pop3-capa",
            "CAPA: +OK alone, then TOP, UIDL, SASL PLAIN XOAUTH2 and USER (and STLS on 110 before TLS), then the dot",
            true, "", Provenance.captured(CAPA_SOURCE));

    /** What CAPA lists, in Office 365's order (captured on 995). */
    public static final List<String> CAPABILITIES = List.of("TOP", "UIDL", "SASL PLAIN XOAUTH2", "USER");

    /**
     * CAPA's extra line in plain text on 110 (RFC 2595 §4), where STLS comes before any login. Not
     * captured: port 110's CAPA has not been seen from Office 365.
     */
    public static final String STLS_CAPABILITY = "STLS";

    public static final Office365Reply OK = pop3("pop3-ok",
            "a command that succeeds with nothing to report (USER, DELE, RSET, NOOP), and the status line of UIDL,"
                    + " RETR and TOP", true, "",
            new Provenance(Evidence.CAPTURED, OAUTH_PROXY_SOURCE + " (USER)", "DELE, RSET, NOOP, UIDL, RETR and"
                    + " TOP are not captured; the bare +OK of USER and CAPA is the service's habit"));

    /**
     * STAT's answer and the status line of a LIST of the whole maildrop: RFC 1939's drop listing.
     * Placeholders {@code {count}}, {@code {octets}}.
     */
    public static final Office365Reply DROP_LISTING = pop3("pop3-drop-listing",
            "STAT, and the status line of LIST without an argument: the messages not marked deleted and their octets",
            true, "{count} {octets}",
            Provenance.inferred("RFC 1939's drop listing for STAT; Exchange repeats it on the +OK line of a LIST,"
                    + " where RFC 1939 leaves the text free. No full LIST from a business tenant is captured"));

    public static final Office365Reply STLS_GO_AHEAD = pop3("pop3-stls-go-ahead",
            "STLS on 110 before any login: TLS starts after this line", true, "Begin TLS negotiation.",
            Provenance.inferred("POP3 STLS on 110 has not been captured from Office 365; the words are RFC 2595"
                    + " §4's example go-ahead"));

    public static final Office365Reply LOGGED_ON = pop3("pop3-logged-on",
            "PASS with the right password for a mailbox POP3 may serve", true, "User successfully logged on.",
            Provenance.community("https://github.com/jstedfast/MailKit/blob/master/UnitTests/Net/Pop3/Resources"
                    + "/exchange/auth.txt", "on-premises Exchange; no Office 365 capture of a successful PASS, and no"
                    + " other text is known"));

    public static final Office365Reply AUTHENTICATED = pop3("pop3-authenticated",
            "an AUTH exchange (PLAIN, XOAUTH2) that succeeds", true, "User successfully authenticated.",
            Provenance.captured(OAUTH_PROXY_SOURCE));

    public static final Office365Reply SIGN_OFF = pop3("pop3-sign-off",
            "QUIT, after the UPDATE state applied the session's deletions; the connection then closes", true,
            "Microsoft Exchange Server POP3 server signing off.",
            Provenance.inferred("the IMAP4 service's LOGOUT, * BYE Microsoft Exchange Server IMAP4 server signing"
                    + " off., is captured from Office 365 (https://github.com/mjs/imapclient/issues/602); the POP3"
                    + " twin is seen only in a test fixture, and on-premises Exchange 2010 said +OK Good-bye."));

    public static final Office365Reply INVALID_STATE = pop3("pop3-invalid-state",
            "a known command in a state that does not take it, including USER, PASS and AUTH in plain text on 110"
                    + " (STLS comes first), PASS without USER, and STLS once TLS is up", false,
            "Command is not valid in this state.",
            Provenance.community(CLIENT_SUITE, "its case for port 110 expects this text to USER"));

    public static final Office365Reply UNKNOWN_COMMAND = pop3("pop3-unknown-command",
            "a line that is no command Office 365's POP3 service knows (APOP included: Exchange never implemented"
                    + " it), or that cannot be read as a command at all", false, "Protocol error. 19",
            Provenance.community(CLIENT_SUITE, "the suite expects it from the service without showing the command"
                    + " that drew it; Exchange answers a line it cannot read as a command with it"));

    public static final Office365Reply INVALID_ARGUMENT = pop3("pop3-invalid-argument",
            "an argument Exchange cannot parse (a message number or line count that is no number, an empty"
                    + " argument), and AUTH with a mechanism CAPA does not offer", false, "Protocol error. 14",
            Provenance.community("https://learn.microsoft.com/en-us/answers/questions/1144711/does-exchange-online"
                    + "-basic-authentication-disable", "Office 365's answer to AUTH with SPA (NTLM), pasted in a"
                    + " question; the other conditions are Exchange's parse error of the same number"));

    public static final Office365Reply WRONG_ARGUMENT_COUNT = pop3("pop3-wrong-argument-count",
            "a known command with too few or too many arguments (AUTH without a mechanism included)", false,
            "Protocol error. 16",
            new Provenance(Evidence.COMMUNITY, EXCHANGE, "Exchange's parse error for a wrong number of arguments,"
                    + " the sibling of Protocol error. 14; no Office 365 capture"));

    public static final Office365Reply OUT_OF_RANGE = pop3("pop3-out-of-range",
            "RETR, TOP, DELE, LIST or UIDL of a message number past the maildrop", false,
            "The specified message is out of range.",
            new Provenance(Evidence.COMMUNITY, EXCHANGE, "no Office 365 capture"));

    public static final Office365Reply NO_LONGER_AVAILABLE = pop3("pop3-no-longer-available",
            "RETR, TOP, DELE, LIST or UIDL of a message this session marked deleted", false,
            "The requested message is no longer available; it may have been deleted.",
            new Provenance(Evidence.COMMUNITY, EXCHANGE, "no Office 365 capture"));

    public static final Office365Reply MAILBOX_IN_USE = pop3("pop3-mailbox-in-use",
            "a login whose mailbox another POP3 session holds (RFC 1939 §8's exclusive lock), or cannot be opened now because every store writer is busy", false,
            "Server Unavailable. 21",
            Provenance.inferred("Exchange itself does not lock (it lets POP sessions share a mailbox) and Office 365"
                    + " does not advertise RESP-CODES, so [IN-USE] would be out of character. When Exchange cannot"
                    + " give a logged-in session its mailbox it answers with its generic store failure; the IMAP"
                    + " service's twin, Server Unavailable. 15, is captured from Office 365"
                    + " (https://github.com/imapsync/imapsync/issues/198)"));

    public static final Office365Reply CONNECTION_CLOSED = pop3("pop3-connection-closed",
            "the third unreadable or unknown line, a line that never ends, or more lines pipelined than the"
                    + " session keeps; the connection then closes", false, "Protocol error. Connection is closed. 10",
            Provenance.inferred("no capture shows the count or the text; three is the limit Exchange's protocol"
                    + " services apply to bad commands, and the text follows Exchange's \"reason. number\" form of"
                    + " its other POP3 errors. A client that retries a login in a fresh connection, as real ones do,"
                    + " never meets the limit"));

    public static final Office365Reply TIMED_OUT = pop3("pop3-timed-out",
            "a connection without a client command for the idle timeout (30 minutes by default); the connection"
                    + " then closes", false, "Connection is closed. 13",
            Provenance.inferred("RFC 1939 §3 lets a server close an idle connection without a word; Exchange's POP3"
                    + " and IMAP services share their disconnect texts, and 13 is the one its IMAP service gives a"
                    + " connection that timed out (* BYE Connection is closed. 13)"));

    /** Every entry, for the catalogue's index. */
    static List<Office365Reply> all() {
        return List.of(GREETING, CAPA, OK, DROP_LISTING, STLS_GO_AHEAD, LOGGED_ON, AUTHENTICATED, SIGN_OFF,
                INVALID_STATE, UNKNOWN_COMMAND, INVALID_ARGUMENT, WRONG_ARGUMENT_COUNT, OUT_OF_RANGE,
                NO_LONGER_AVAILABLE, MAILBOX_IN_USE, CONNECTION_CLOSED, TIMED_OUT);
    }

    private static Office365Reply pop3(String id, String condition, boolean ok, String text, Provenance provenance) {
        return new Office365Reply(id, condition, null, null, new Pop3(ok, text), provenance);
    }
}
