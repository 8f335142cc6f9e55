package dev.o365emulator.server.internal.reply;

import dev.o365emulator.server.internal.reply.Office365Reply.Smtp;
import java.util.List;

/**
 * The replies of Office 365's SMTP dialogue (submission on 587/465/25 and the tenant's MX on 25),
 * each with the condition that produces it and where its words come from. The SMTP session renders
 * them; the builders of its dynamic replies (banner, EHLO list) take their fixed words from here.
 *
 * <p>Where no Office 365 capture exists, the text is Exchange Server's own (its {@code SmtpReceive}
 * strings: Office 365 runs the same transport stack) or RFC 5321's, and the entry says so.
 *
 * <p>Placeholders, filled by the session: {@code {host}} (the banner host of the endpoint),
 * {@code {clientIp}}, {@code {date}}, {@code {instanceMarker}}, {@code {verb}}, {@code {user}},
 * {@code {sender}}, {@code {mailboxServer}}, {@code {messageId}}, {@code {octets}}, {@code {authError}}
 * and those of {@link #MX_QUEUED}. A form with a trailer takes the {@code [HOST time ticks]} bracket
 * ({@link ReplyArgs#TRAILER}).
 *
 * <p>Replies the scenario presets share with the session ({@link PresetReplies#STARTTLS_REQUIRED},
 * {@link PresetReplies#CLIENT_NOT_AUTHENTICATED}, {@link PresetReplies#SUBMISSION_THROTTLED}) live
 * there, once.
 */
public final class SmtpCatalogue {

    private SmtpCatalogue() {
    }

    private static final String EMAYILI = "https://github.com/datawookie/emayili/issues/147";
    private static final String NETTE = "https://github.com/nette/mail/issues/71";
    private static final String MAILKIT_904 = "https://github.com/jstedfast/MailKit/issues/904";
    private static final String TUTORIAL = "a JavaMail tutorial's session with smtp.office365.com (Liao Xuefeng,"
            + " a copy on GitHub); a CodeIgniter error log of an SY5P282CA0097 session (2025)";
    private static final String SUBMISSION_IMPROVEMENTS = "https://learn.microsoft.com/en-us/exchange/troubleshoot/"
            + "send-emails/smtp-submission-improvements";
    private static final String NDR_DOCS = "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/"
            + "ndr/non-delivery-reports-in-exchange-online";
    private static final String EXCHANGE = "Exchange Server's own text (its SmtpReceive strings); Office 365 runs the"
            + " same transport stack and no capture of it shows another";
    // Exchange's store driver appends a long list of "<n>.<nnnnn>:<hex>" diagnostics (hundreds in the
    // captures). A short list in the same shape keeps the reply under RFC 5321's 512-octet line limit.
    private static final String DIAGNOSTICS = "0.35250:1F009983, 1.36674:0A000000, 1.61250:00000000, "
            + "1.45378:02000000, 1.44866:2C030000, 16.55847:DA0A0000, 0.51091:00000000, 4.5366:00000000";

    /** Office 365 advertises {@code SIZE 157286400} (150 MiB) on submission and MX alike. */
    public static final long ADVERTISED_SIZE = 157_286_400L;

    // ------------------------------------------------------------------ greetings and the EHLO list

    /** The banner, current form (since about 2023): its date in RFC 5322 form, then the instance's ticks in hex. */
    public static final Office365Reply BANNER = reply("smtp-banner", "a client connects",
            220, null, "{host} Microsoft ESMTP MAIL Service ready at {date} [{instanceMarker}]", false,
            Provenance.captured("https://github.com/simonrob/email-oauth2-proxy/issues/297"));

    /** The first line of the EHLO list, and the whole HELO reply. */
    public static final Office365Reply HELLO = reply("smtp-hello", "EHLO or HELO with a name",
            250, null, "{host} Hello [{clientIp}]", false, Provenance.captured(EMAYILI));

    /** The EHLO list's keywords before the security slot, in Office 365's order. */
    public static final List<String> EHLO_BEFORE_SECURITY = List.of("SIZE " + ADVERTISED_SIZE, "PIPELINING", "DSN",
            "ENHANCEDSTATUSCODES");
    /** The security slot before TLS (never beside AUTH). */
    public static final String EHLO_STARTTLS = "STARTTLS";
    /** The security slot after TLS on a submission endpoint: LOGIN and XOAUTH2 only, never PLAIN. */
    public static final String EHLO_AUTH = "AUTH LOGIN XOAUTH2";
    /** The security slot for a tenant that allows AUTH PLAIN: not Office 365 (the "generic" profile). */
    public static final String EHLO_AUTH_WITH_PLAIN = "AUTH LOGIN PLAIN XOAUTH2";
    /** The EHLO list's keywords after the security slot. */
    public static final List<String> EHLO_AFTER_SECURITY = List.of("8BITMIME", "BINARYMIME", "CHUNKING", "SMTPUTF8");

    public static final Office365Reply TLS_GO_AHEAD = reply("smtp-starttls-go-ahead", "STARTTLS accepted",
            220, "2.0.0", "SMTP server ready", false, Provenance.captured(EMAYILI));

    // --------------------------------------------------------------------------------- the dialogue

    public static final Office365Reply OK = reply("smtp-ok", "NOOP",
            250, "2.0.0", "OK", false, Provenance.inferred(EXCHANGE));

    public static final Office365Reply RESETTING = reply("smtp-resetting", "RSET",
            250, "2.0.0", "Resetting", false, Provenance.captured(MAILKIT_904));

    public static final Office365Reply SENDER_OK = reply("smtp-sender-ok", "MAIL FROM accepted",
            250, "2.1.0", "Sender OK", false, Provenance.captured(TUTORIAL));

    public static final Office365Reply RECIPIENT_OK = reply("smtp-recipient-ok", "RCPT TO accepted",
            250, "2.1.5", "Recipient OK", false, Provenance.captured(TUTORIAL));

    public static final Office365Reply START_MAIL_INPUT = reply("smtp-start-mail-input", "DATA accepted",
            354, null, "Start mail input; end with <CRLF>.<CRLF>", false, Provenance.captured(TUTORIAL));

    /** A submission accepted; the Message-ID is the client's own or the one the emulator added. */
    public static final Office365Reply QUEUED = reply("smtp-queued", "a submitted message is accepted",
            250, "2.0.0", "OK {messageId} [Hostname={mailboxServer}]", false, Provenance.captured(TUTORIAL));

    /**
     * EOP's acceptance of inbound mail: Exchange's "Queued mail for delivery" form, with the byte count
     * and rate. Placeholders: {@code {messageId}}, {@code {internalId}}, {@code {mailboxServer}},
     * {@code {octets}}, {@code {seconds}} and {@code {rate}} (KB/s), the last two with three decimals.
     */
    public static final Office365Reply MX_QUEUED = reply("smtp-mx-queued", "inbound mail accepted on the MX",
            250, "2.6.0", "{messageId} [InternalId={internalId}, Hostname={mailboxServer}] {octets} bytes in {seconds},"
                    + " {rate} KB/sec Queued mail for delivery", false,
            Provenance.inferred("Exchange's acceptance reply on its receive connectors; no capture from EOP shows"
                    + " another"));

    public static final Office365Reply CLOSING = reply("smtp-closing", "QUIT",
            221, "2.0.0", "Service closing transmission channel", false, Provenance.captured(NETTE));

    public static final Office365Reply AUTH_OK = reply("smtp-auth-ok", "AUTH accepted",
            235, "2.7.0", "Authentication successful", false,
            Provenance.documented("https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/"
                    + "how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth"));

    /** The chunk acknowledgement of a BDAT that is not LAST. */
    public static final Office365Reply CHUNK_RECEIVED = reply("smtp-chunk-received", "a BDAT chunk that is not LAST",
            250, "2.0.0", "{octets} bytes received", false,
            Provenance.inferred("Office 365's wording is not captured; Exchange acknowledges a chunk with its size"));

    // ------------------------------------------------------------------ syntax and sequence errors

    public static final Office365Reply VRFY = reply("smtp-vrfy", "VRFY with an argument",
            252, "2.1.5", "Cannot VRFY user, but will accept message for delivery", false,
            Provenance.inferred("Exchange never reveals whether a mailbox exists through VRFY (directory harvesting),"
                    + " and answers RFC 5321 §3.5.3's \"cannot verify\" reply instead"));

    public static final Office365Reply INVALID_ARGUMENTS = reply("smtp-invalid-arguments",
            "a command whose arguments are missing or malformed",
            501, "5.5.4", "Invalid arguments", false, Provenance.inferred(EXCHANGE));

    public static final Office365Reply NEED_MAIL = reply("smtp-need-mail", "RCPT, DATA or BDAT before MAIL FROM",
            503, "5.5.2", "Need mail command", false, Provenance.inferred(EXCHANGE));

    public static final Office365Reply NEED_RCPT = reply("smtp-need-rcpt", "DATA or BDAT before any RCPT TO",
            503, "5.5.2", "Need rcpt command", false, Provenance.inferred(EXCHANGE));

    public static final Office365Reply BAD_SEQUENCE = reply("smtp-bad-sequence",
            "DATA after BDAT in one transaction (RFC 3030 §2 forbids mixing them), or RCPT between BDAT chunks",
            503, "5.5.1", "Bad sequence of commands", false,
            Provenance.inferred("no Office 365 capture; RFC 5321's text for 503, and a recipient added after content"
                    + " has arrived would change the envelope of a message already partly received"));

    public static final Office365Reply SENDER_ALREADY_SPECIFIED = reply("smtp-sender-already-specified",
            "MAIL FROM (or AUTH) inside a transaction",
            503, "5.5.2", "Sender already specified", false, Provenance.inferred(EXCHANGE));

    public static final Office365Reply ALREADY_AUTHENTICATED = reply("smtp-already-authenticated",
            "a second AUTH after a successful one",
            503, "5.5.2", "Already authenticated", false,
            Provenance.inferred("not captured from Office 365; Exchange's wording for a second AUTH"));

    public static final Office365Reply SEND_HELLO_FIRST = reply("smtp-send-hello-first",
            "STARTTLS, AUTH or MAIL before EHLO/HELO",
            503, "5.5.2", "Send hello first", true, Provenance.captured(NETTE));

    /** Echoes the verb as the client spelled it, or masked whole when it may be a credential. */
    public static final Office365Reply UNRECOGNIZED_COMMAND = reply("smtp-unrecognized-command",
            "an unknown verb, EXPN, HELP, or STARTTLS once TLS is on",
            500, "5.3.3", "Unrecognized command '{verb}'", false,
            Provenance.inferred(EXCHANGE + "; EXPN and HELP are not implemented by Exchange"));

    public static final Office365Reply SYNTAX_ERROR = reply("smtp-syntax-error",
            "a line that is no command: empty, starting with a space, ended by a bare LF, with a NUL or not UTF-8",
            500, "5.5.2", "Syntax error, command unrecognized", false, Provenance.inferred(EXCHANGE));

    public static final Office365Reply LINE_TOO_LONG = reply("smtp-line-too-long",
            "a command line over 512 octets (an AUTH line over 12,288); one without end closes the connection",
            500, "5.5.2", "Line too long", false, Provenance.inferred(EXCHANGE));

    /**
     * The close of an idle connection: Exchange's own text for its receive connectors' timeouts, as clients
     * report it. No capture shows whether Office 365 adds its {@code [HOST date ticks]} trailer here; the
     * reported form has none, so neither does this.
     */
    public static final Office365Reply TIMED_OUT = reply("smtp-timed-out",
            "a connection idle (or a command line unfinished) for the idle timeout; the connection closes",
            421, "4.4.1", "Connection timed out", false,
            Provenance.inferred("Exchange's text for its receive connectors' timeouts, as clients report it"));

    // ---------------------------------------------------------------------------- authentication

    public static final Office365Reply UNRECOGNIZED_AUTH_TYPE = reply("smtp-unrecognized-auth-type",
            "AUTH with a mechanism that is not offered (PLAIN; any on the MX; any before STARTTLS, on 587 as on 25)",
            504, "5.7.4", "Unrecognized authentication type", true,
            Provenance.community("https://github.com/mattermost/mattermost/issues/954;"
                    + " https://github.com/PHPMailer/PHPMailer/issues/1254; https://github.com/mikel/mail/issues/1357",
                    "captured from the 21Vianet cloud, and on smtp.office365.com for mechanisms it does not offer."
                            + " AUTH before STARTTLS on 587 is not captured (captures of 451 5.7.3 are all for MAIL"
                            + " FROM); Office 365 advertises no AUTH before TLS, so the emulator answers it as a"
                            + " mechanism not offered, as on 25, rather than with a 4xx a client would retry"));

    public static final Office365Reply AUTH_CANCELLED = reply("smtp-auth-cancelled",
            "the client cancels the SASL exchange with *",
            501, "5.7.0", "Authentication aborted", false, Provenance.inferred(EXCHANGE));

    public static final Office365Reply CANNOT_DECODE = reply("smtp-cannot-decode",
            "a SASL response line that is not base64",
            501, "5.5.2", "Cannot Decode response", false, Provenance.inferred(EXCHANGE));

    public static final Office365Reply INVALID_XOAUTH2 = reply("smtp-invalid-xoauth2",
            "an XOAUTH2 string of the wrong shape",
            501, "5.5.124", "Invalid XOAUTH2 auth data", false,
            Provenance.community("https://github.com/tarickb/sasl-xoauth2/issues/110",
                    "seen from Microsoft's High Volume Email endpoint"));

    /**
     * {@code 530 5.7.57} after a failed AUTH: .NET reports the earlier {@code 535} inside this reply, so it
     * is carried here ({@code {authError}}: the refusal's line without its trailer).
     */
    public static final Office365Reply NOT_AUTHENTICATED_AFTER_FAILURE = reply(
            "smtp-not-authenticated-after-auth-failure", "MAIL FROM on a submission endpoint after a refused AUTH",
            530, "5.7.57", "Client not authenticated to send mail. Error: {authError}", true,
            Provenance.community("https://github.com/MicrosoftDocs/OfficeDocs-Exchange/issues/3124",
                    "the .NET client's message shows the earlier AUTH error inside the 530"));

    // --------------------------------------------------------------- envelope and message limits

    /**
     * No Office 365 text is known for too many recipients per message; Exchange answers the recipient past
     * the limit with this, and clients split the batch.
     */
    public static final Office365Reply TOO_MANY_RECIPIENTS = reply("smtp-too-many-recipients",
            "a RCPT past the tenant's recipients-per-message limit",
            452, "4.5.3", "Too many recipients", false,
            Provenance.community(NDR_DOCS, "the documentation gives the status without a code; 452 is inferred"));

    public static final Office365Reply SIZE_EXCEEDED = reply("smtp-size-exceeded",
            "MAIL FROM with SIZE= over the limit, or inbound mail larger than every recipient accepts",
            552, "5.3.4", "Message size exceeds fixed maximum message size", false, Provenance.inferred(EXCHANGE));

    /**
     * SIZE= above a recipient's MaxReceiveSize, at RCPT. Office 365 accepts such a recipient and reports it in
     * the non-delivery report with this status (Exchange's {@code RESOLVER.RST.RecipSizeLimit}, the text of
     * its NDRs for this case); the emulator says the same before the body is sent, so a body no recipient
     * can take is never buffered. Also the NDR's diagnostic for a recipient too small for the message.
     */
    public static final Office365Reply RECIPIENT_SIZE_EXCEEDED = reply("smtp-recipient-size-exceeded",
            "RCPT TO a recipient whose MaxReceiveSize is below the declared SIZE=",
            550, "5.2.3", "RESOLVER.RST.RecipSizeLimit; message too large for this recipient", false,
            Provenance.inferred("Exchange's NDR text for this case, said at RCPT instead of after the body"));

    /**
     * The emulator has no memory for the message now: its store budget or its budget of bodies in flight is
     * used up. Exchange's own reply for a transport short of resources; transient, as RFC 1870 §6.1 asks of a
     * size the server cannot accept now but could later, so the sender retries instead of bouncing.
     */
    public static final Office365Reply INSUFFICIENT_RESOURCES = reply("smtp-insufficient-resources",
            "the emulator's memory budgets have no room for the message now",
            452, "4.3.1", "Insufficient system resources", false,
            Provenance.inferred("Exchange's reply for a transport short of resources (SmtpResponse.InsufficientResource)"));

    public static final Office365Reply INSUFFICIENT_STORAGE = reply("smtp-insufficient-storage",
            "the Maildir store could not write the message (a full disk, a failed write)",
            452, "4.3.1", "Insufficient system storage", false,
            Provenance.inferred("RFC 3463's 4.3.1 (mail system full) in the words of RFC 5321's 452; transient,"
                    + " so the sender tries again"));

    /** Exchange's MaxHeaderSize; the capture shows it after a BDAT chunk, then {@code 250 2.0.0 Resetting} to RSET. */
    public static final Office365Reply HEADER_TOO_LARGE = reply("smtp-header-too-large",
            "a message header over 256 KB",
            552, "5.3.4", "Header size exceeds fixed maximum size", false, Provenance.captured(MAILKIT_904));

    // Exchange's text for a non-ASCII address without SMTPUTF8 is not captured; these are RFC 6531's
    // suggested replies (553 5.6.7), the most plausible for a server that implements it.
    public static final Office365Reply NON_ASCII_SENDER = reply("smtp-non-ascii-sender",
            "a non-ASCII reverse path without SMTPUTF8",
            553, "5.6.7", "Non-ASCII addresses not permitted for that sender", false,
            Provenance.inferred("RFC 6531's suggested reply; Exchange's is not captured"));

    public static final Office365Reply NON_ASCII_RECIPIENT = reply("smtp-non-ascii-recipient",
            "a non-ASCII forward path in a transaction without SMTPUTF8",
            553, "5.6.7", "Non-ASCII addresses not permitted for that recipient", false,
            Provenance.inferred("RFC 6531's suggested reply; Exchange's is not captured"));

    // ------------------------------------------------------------------------------ the tenant's MX

    public static final Office365Reply MX_RECIPIENT_REJECTED = reply("smtp-mx-recipient-rejected",
            "inbound mail to an unknown address in an accepted domain (directory-based edge blocking)",
            550, "5.4.1", "Recipient address rejected: Access denied. AS(201806281)", true,
            Provenance.captured("a Postfix log published on GitHub (DB5EUR01FT088, 2023)"));

    /**
     * Direct Send refused: {@code Set-OrganizationConfig -RejectDirectSend $true} (2025) and an anonymous
     * message on the MX whose envelope sender (P1 MAIL FROM) is in an accepted domain; the From header is
     * not checked. Given at RCPT TO: the MX serves every tenant and only the recipient tells it whose
     * setting applies (the text names the tenant's inbound attribution, like {@link #MX_RELAY_DENIED}'s
     * "TenantAttribution", which is a RCPT reply). The trailer is the MX's usual one.
     */
    public static final Office365Reply DIRECT_SEND_REJECTED = reply("smtp-direct-send-rejected",
            "anonymous mail on the MX whose envelope sender is in an accepted domain, with RejectDirectSend on",
            550, "5.7.68", "TenantInboundAttribution; Direct Send not allowed for this organization from"
                    + " unauthorized sources", true,
            Provenance.documented("https://techcommunity.microsoft.com/blog/exchange/introducing-more-control-over-"
                    + "direct-send-in-exchange-online/4408790 (the setting); https://maester.dev/docs/tests/MT.1062"
                    + " (the text as senders see it)"));

    public static final Office365Reply MX_RELAY_DENIED = reply("smtp-mx-relay-denied",
            "inbound mail on the MX to a domain the tenant does not accept",
            550, "5.7.64", "TenantAttribution; Relay Access Denied", true,
            Provenance.community(NDR_DOCS, "the capture's host is redacted"));

    /**
     * A recipient outside the tenant's accepted domains on the High Volume Email endpoint, which delivers
     * to internal recipients only. Office 365's text for it is not captured: this is Exchange's
     * recipient-restriction refusal ({@code RESOLVER.RST.NotAuthorized}, what it answers a sender that may
     * not send to a recipient), said at RCPT TO because the endpoint can tell from the domain alone, and
     * a reply there keeps the client from sending a body that cannot go anywhere.
     */
    public static final Office365Reply HVE_EXTERNAL_RECIPIENT = reply("smtp-hve-external-recipient",
            "a recipient outside the tenant's accepted domains on the High Volume Email endpoint",
            550, "5.7.1", "RESOLVER.RST.NotAuthorized; not authorized", true,
            Provenance.inferred("chosen, not captured: Microsoft documents that High Volume Email delivers to"
                    + " internal recipients only (https://practical365.com/exchange-online-hve/) but no capture"
                    + " shows its refusal; Exchange's recipient-restriction reply (RESOLVER.RST.NotAuthorized,"
                    + " " + NDR_DOCS + ") is the closest text it has, given at RCPT TO"));

    /**
     * Inbound mail whose every recipient's mailbox is past its quota. Office 365 accepts such mail and bounces
     * it from the mailbox server with the delivery form of the store driver's text; the emulator delivers
     * while the sender waits, so the sender gets that text as the reply. A message that reaches at least one
     * recipient is accepted, as Office 365 does.
     */
    public static final Office365Reply INBOUND_MAILBOX_FULL = reply("smtp-inbound-mailbox-full",
            "inbound mail none of whose recipients has room for it",
            554, "5.2.2", "mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException"
                    + ".MapiExceptionShutoffQuotaExceeded [Hostname={mailboxServer}]", false,
            Provenance.documented(NDR_DOCS));

    // ------------------------------------------------------------------------- after the message

    /** The current SendAs refusal, after the body; the diagnostics are shortened to keep the line short. */
    public static final Office365Reply SENDAS_DENIED = reply("smtp-sendas-denied",
            "the login has no SendAs or SendOnBehalf right on the envelope sender or a From address",
            554, "5.2.252", "SendAsDenied; {user} not allowed to send as {sender};"
                    + " STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process"
                    + " message due to a permanent exception with message [BeginDiagnosticData]Cannot submit message. "
                    + DIAGNOSTICS + " [Hostname={mailboxServer}]", false,
            Provenance.captured("https://github.com/gophish/gophish/issues/2900"));

    /** The older form of the SendAs refusal, which clients written years ago may still parse. */
    public static final Office365Reply SENDAS_DENIED_LEGACY = reply("smtp-sendas-denied-legacy",
            "the same refusal, in the form a session configured for it uses",
            554, "5.2.0", "STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to"
                    + " process message due to a permanent exception with message Cannot submit message."
                    + " [Hostname={mailboxServer}]", false,
            Provenance.captured("https://github.com/rss2email/rss2email/issues/147"));

    /**
     * A body larger than the mailbox's MaxSendSize. Only a fragment of Office 365's text is known; the code and
     * the order of its parts follow the other STOREDRV submission failures.
     */
    public static final Office365Reply SUBMISSION_TOO_LARGE = reply("smtp-submission-too-large",
            "a submitted body larger than the sender's MaxSendSize",
            554, "5.2.0", "STOREDRV.Submission.Exception:MessageSubmissionExceededException"
                    + ".MapiExceptionMaxSubmissionExceeded; Failed to process message due to a permanent exception with"
                    + " message [BeginDiagnosticData]Message size exceeds maximum size limit. " + DIAGNOSTICS
                    + " [Hostname={mailboxServer}]", false,
            Provenance.community("pm2-health issue 52 on GitHub (a pasted NDR)", "only a fragment is captured"));

    public static final Office365Reply SUBMISSION_QUOTA_EXCEEDED = reply("smtp-submission-quota-exceeded",
            "the sender has reached 10,000 recipients in 24 hours",
            554, "5.2.0", "STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message"
                    + " due to a permanent exception with message Cannot submit message. [Hostname={mailboxServer}]",
            false, Provenance.documented(SUBMISSION_IMPROVEMENTS));

    /** The sender's own mailbox (Sent Items) is past its quota: refused after the body, before anything is stored. */
    public static final Office365Reply SUBMISSION_MAILBOX_FULL = reply("smtp-submission-mailbox-full",
            "the sender's mailbox (Sent Items counts) has no room for the copy",
            554, "5.2.2", "mailbox full; STOREDRV.Submission.Exception:QuotaExceededException"
                    + ".MapiExceptionShutoffQuotaExceeded [Hostname={mailboxServer}]", false,
            Provenance.documented(SUBMISSION_IMPROVEMENTS));

    // --------------------------------------------------------- non-delivery report diagnostics

    /** The diagnostic a non-delivery report gives for a recipient the tenant cannot resolve. */
    public static final Office365Reply NDR_RECIPIENT_NOT_FOUND = reply("smtp-ndr-recipient-not-found",
            "a submission to an address nobody in the tenant has (in the sender's non-delivery report)",
            550, "5.1.10", "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", false,
            Provenance.captured("a non-delivery report quoted in a Linux kernel MAINTAINERS patch on GitHub"));

    /** The diagnostic a non-delivery report gives for a recipient whose mailbox is full (the delivery form). */
    public static final Office365Reply NDR_MAILBOX_FULL = reply("smtp-ndr-mailbox-full",
            "a submission to a recipient whose mailbox is past its quota (in the sender's non-delivery report)",
            554, "5.2.2", "mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException"
                    + ".MapiExceptionShutoffQuotaExceeded", false, Provenance.documented(NDR_DOCS));

    static List<Office365Reply> all() {
        return List.of(BANNER, HELLO, TLS_GO_AHEAD, OK, RESETTING, SENDER_OK, RECIPIENT_OK, START_MAIL_INPUT, QUEUED,
                MX_QUEUED, CLOSING, AUTH_OK, CHUNK_RECEIVED, VRFY, INVALID_ARGUMENTS, NEED_MAIL, NEED_RCPT, BAD_SEQUENCE,
                SENDER_ALREADY_SPECIFIED, ALREADY_AUTHENTICATED, SEND_HELLO_FIRST, UNRECOGNIZED_COMMAND, SYNTAX_ERROR,
                LINE_TOO_LONG, TIMED_OUT, UNRECOGNIZED_AUTH_TYPE, AUTH_CANCELLED, CANNOT_DECODE, INVALID_XOAUTH2,
                NOT_AUTHENTICATED_AFTER_FAILURE, TOO_MANY_RECIPIENTS, SIZE_EXCEEDED, RECIPIENT_SIZE_EXCEEDED,
                INSUFFICIENT_RESOURCES, INSUFFICIENT_STORAGE, HEADER_TOO_LARGE, NON_ASCII_SENDER, NON_ASCII_RECIPIENT, MX_RECIPIENT_REJECTED,
                MX_RELAY_DENIED, HVE_EXTERNAL_RECIPIENT, DIRECT_SEND_REJECTED, INBOUND_MAILBOX_FULL, SENDAS_DENIED, SENDAS_DENIED_LEGACY, SUBMISSION_TOO_LARGE,
                SUBMISSION_QUOTA_EXCEEDED, SUBMISSION_MAILBOX_FULL, NDR_RECIPIENT_NOT_FOUND, NDR_MAILBOX_FULL);
    }

    private static Office365Reply reply(String id, String condition, int code, String enhanced, String text,
            boolean trailer, Provenance provenance) {
        return new Office365Reply(id, condition, new Smtp(code, enhanced, text, trailer), null, null, provenance);
    }
}
