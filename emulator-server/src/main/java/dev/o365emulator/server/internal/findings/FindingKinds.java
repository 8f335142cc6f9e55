package dev.o365emulator.server.internal.findings;

import dev.o365emulator.server.journal.Severity;
import dev.o365emulator.server.tenant.BasicAuthSmtpSubmission;
import java.util.List;

/**
 * Every kind of client-behaviour finding, in one place: ids are stable (tests and users match on
 * them), severities say "will fail against Office 365" ({@link Severity#ERROR}), "works today, fragile
 * or soon to fail" ({@link Severity#WARNING}) or "worth knowing" ({@link Severity#INFO}).
 * {@code docs/findings.md} lists them with an example each; a test keeps the two in step.
 */
public final class FindingKinds {

    private FindingKinds() {
    }

    // ------------------------------------------------------------------------------- authentication

    public static final FindingKind AUTH_BEFORE_STARTTLS = new FindingKind("auth-before-starttls", Severity.ERROR,
            "AUTH on an SMTP connection before STARTTLS (on 587, or on 25 where the MX offers no AUTH at all)",
            "Send STARTTLS after EHLO and authenticate only on the encrypted connection, as Office 365 requires.");

    public static final FindingKind PLAIN_MECHANISM = new FindingKind("plain-mechanism", Severity.ERROR,
            "AUTH PLAIN on SMTP, which Office 365 does not offer (it offers LOGIN and XOAUTH2)",
            "Use AUTH XOAUTH2 (or LOGIN while basic auth lasts): Office 365 answers AUTH PLAIN with"
                    + " 504 5.7.4 Unrecognized authentication type.");

    public static final FindingKind BASIC_AUTH_SMTP = new FindingKind("basic-auth-smtp", Severity.WARNING,
            "a successful password AUTH (LOGIN or PLAIN) on SMTP",
            "Move to OAuth (XOAUTH2): Microsoft disables basic authentication for SMTP client submission by"
                    + " default from " + BasicAuthSmtpSubmission.DISABLED_BY_DEFAULT_FROM.toString().substring(0, 10)
                    + " for existing tenants and will retire it.");

    /**
     * Judged where the emulator sees the client: a connection to 465 that a {@code connect} rule answers
     * instead of serving (see {@code docs/findings.md} for why the default firewalled 465 cannot record it).
     */
    public static final FindingKind IMPLICIT_TLS_465 = new FindingKind("implicit-tls-465", Severity.ERROR,
            "a connection to port 465 (SMTP over implicit TLS), which Office 365 does not serve",
            "Office 365 does not serve 465: submit on port 587 with STARTTLS (smtp.office365.com:587).");

    // ------------------------------------------------------------------------------------ dialogue

    public static final FindingKind IGNORED_ENHANCED_CODE = new FindingKind("ignored-enhanced-code", Severity.ERROR,
            "the client carries on after a 5.x.x refusal as if it had been accepted: MAIL FROM after a refused"
                    + " AUTH, or DATA when every RCPT TO was refused",
            "Stop the transaction on a 5xx reply and report its enhanced status code; retrying or carrying on"
                    + " cannot succeed.");

    public static final FindingKind RETRY_AFTER_PERMANENT = new FindingKind("retry-after-permanent", Severity.ERROR,
            "the same MAIL FROM, RCPT TO or transaction sent again (on this connection or a later one, within an"
                    + " hour) after Office 365 refused it with a 5xx reply",
            "Do not retry what got a 5xx reply with a 5.x.x code: the refusal is permanent, so fix the cause"
                    + " (address, rights, content) or report the failure instead.");

    // ----------------------------------------------------------------------------- across sessions

    public static final FindingKind NO_BACKOFF = new FindingKind("no-backoff", Severity.ERROR,
            "a new connection within 1 s of a transient refusal (451 4.7.500 Server busy, 421, a throttle reply)",
            "Wait before reconnecting, with exponential back-off and the delay the reply suggests: reconnecting at"
                    + " once keeps the client throttled.");

    public static final FindingKind RETRY_STORM = new FindingKind("retry-storm", Severity.ERROR,
            "more than " + ClientTracker.DEFAULT_RETRY_STORM_THRESHOLD + " connections within a minute from one"
                    + " client address after a transient refusal (the number can be changed)",
            "Cap retries and back off exponentially: a client that reconnects in a loop after 4xx or 421 is"
                    + " throttled for longer, or blocked.");

    // ------------------------------------------------------------------------------------- message

    public static final FindingKind MISSING_MESSAGE_ID = new FindingKind("missing-message-id", Severity.WARNING,
            "a message without a Message-ID header field",
            "Add a Message-ID: Office 365 adds its own, so the sender can no longer match replies, bounces or"
                    + " duplicates to what it sent.");

    public static final FindingKind MISSING_DATE = new FindingKind("missing-date", Severity.WARNING,
            "a message without a Date header field (RFC 5322 requires one)",
            "Add a Date header field; messages without one are scored as spam by receiving systems.");

    public static final FindingKind BARE_LF = new FindingKind("bare-lf", Severity.WARNING,
            "a line of the message ended by a bare LF instead of CRLF",
            "End every line with CRLF: servers that guard against SMTP smuggling reject or rewrite bare LFs.");

    public static final FindingKind LINE_TOO_LONG = new FindingKind("line-too-long", Severity.WARNING,
            "a line of the message longer than 998 octets (RFC 5322's limit)",
            "Wrap long lines, or use quoted-printable or base64 for the body: relays may break or refuse"
                    + " lines over 998 octets.");

    public static final FindingKind EIGHT_BIT_WITHOUT_8BITMIME = new FindingKind("8bit-without-8bitmime",
            Severity.WARNING, "octets above 127 in a message sent without BODY=8BITMIME on MAIL FROM",
            "Declare BODY=8BITMIME (the server offers it) or encode the body as quoted-printable or base64.");

    public static final FindingKind FROM_DISPLAY_NAME_ADDRESS = new FindingKind("from-display-name-address",
            Severity.WARNING, "a From display name that holds an e-mail address, e.g."
                    + " \"alerts@x.com\" <noreply@contoso.com>",
            "Put a name, not an address, in the From display name: Exchange Online may treat the message as"
                    + " spoofing.");

    public static final FindingKind FROM_NOT_ENVELOPE = new FindingKind("from-not-envelope", Severity.ERROR,
            "a submission whose From address is neither the login's own nor one it has SendAs or SendOnBehalf"
                    + " rights on",
            "Send from the signed-in mailbox's address (or an alias), or have the admin grant SendAs: Office 365"
                    + " refuses the message with 554 5.2.252 SendAsDenied.");

    // -------------------------------------------------------------------------------- IMAP and POP3

    /**
     * Messages from which one FETCH of whole bodies is a bulk download ({@code fetch-all-bodies}). Below
     * it, fetching a folder whole is cheap and common (a service mailbox emptied on every run, a test's
     * handful of messages); at 100 messages of an ordinary 50 to 100 KB one command streams 5 to 10 MB,
     * the size at which Office 365's per-mailbox IMAP bandwidth throttling and its command timeouts
     * start to bite, and the point past which a client should sync by UID and in batches.
     */
    public static final int FETCH_ALL_BODIES_MESSAGES = 100;

    public static final FindingKind POLL_INSTEAD_OF_IDLE = new FindingKind("poll-instead-of-idle", Severity.WARNING,
            "a client that never used IDLE opening or asking STATUS of the same folder a third time with less"
                    + " than 60 s between each (on one connection or by reconnecting)",
            "Use IDLE (offered in CAPABILITY) to hear of new mail, or poll no more often than every few minutes:"
                    + " Office 365 throttles clients that poll, and each reconnect costs a login.");

    public static final FindingKind FETCH_ALL_BODIES = new FindingKind("fetch-all-bodies", Severity.WARNING,
            "a FETCH of whole messages or texts (BODY[], BODY.PEEK[], RFC822, BODY[TEXT]) for " + FETCH_ALL_BODIES_MESSAGES
                    + " or more messages at once, as FETCH 1:* BODY[] on a large folder does",
            "Fetch only what is new (UID FETCH of UIDs above the last one seen), headers or BODYSTRUCTURE first,"
                    + " and bodies in small batches: Office 365 throttles bulk downloads and drops long FETCHes.");

    public static final FindingKind NO_LOGOUT = new FindingKind("no-logout", Severity.INFO,
            "an authenticated IMAP connection closed by the client without LOGOUT",
            "Send LOGOUT before closing: the server keeps the session (and one of the mailbox's connection"
                    + " slots) until it notices.");

    public static final FindingKind NO_QUIT = new FindingKind("no-quit", Severity.ERROR,
            "a POP3 connection with messages marked for deletion closed without QUIT",
            "End the session with QUIT: deletions are made only in the UPDATE state QUIT enters, so they are"
                    + " lost and the messages downloaded again.");

    public static final FindingKind DELE_WITHOUT_UIDL = new FindingKind("dele-without-uidl", Severity.WARNING,
            "POP3 DELE in a session that never asked UIDL",
            "Ask UIDL and delete by unique id: message numbers are per session, so a client that keeps no"
                    + " ids cannot tell what it already downloaded when a deletion is lost.");

    /** Every kind, in the order {@code docs/findings.md} lists them. */
    public static List<FindingKind> all() {
        return List.of(AUTH_BEFORE_STARTTLS, PLAIN_MECHANISM, BASIC_AUTH_SMTP, IMPLICIT_TLS_465, IGNORED_ENHANCED_CODE,
                RETRY_AFTER_PERMANENT, NO_BACKOFF, RETRY_STORM,
                MISSING_MESSAGE_ID, MISSING_DATE, BARE_LF, LINE_TOO_LONG, EIGHT_BIT_WITHOUT_8BITMIME,
                FROM_DISPLAY_NAME_ADDRESS, FROM_NOT_ENVELOPE, POLL_INSTEAD_OF_IDLE, FETCH_ALL_BODIES, NO_LOGOUT,
                NO_QUIT, DELE_WITHOUT_UIDL);
    }
}
