package dev.o365emulator.server.internal.reply;

import dev.o365emulator.scenarios.Preset;
import dev.o365emulator.server.internal.reply.Office365Reply.Imap;
import dev.o365emulator.server.internal.reply.Office365Reply.ImapKind;
import dev.o365emulator.server.internal.reply.Office365Reply.Pop3;
import dev.o365emulator.server.internal.reply.Office365Reply.Smtp;
import java.util.List;

/**
 * The reply of each scenario {@link Preset}, in every protocol's form.
 *
 * <p>Where Office 365 has no IMAP or POP3 form of an SMTP-only refusal (SendAs, quotas), IMAP says
 * {@code NO} and POP3 {@code -ERR} with the SMTP text without its codes and trailer: the closest a
 * client of that protocol could see; such rules normally name {@code protocol: smtp} anyway.
 * Placeholders: {@code {host}}, {@code {clientIp}}, {@code {user}}, {@code {sender}}, {@code {command}}.
 */
public final class PresetReplies {

    private PresetReplies() {
    }

    public static final Office365Reply BASIC_AUTH_RETIRED = smtpLike("basic-auth-retired",
            "basic authentication for SMTP client submission has been retired",
            550, "5.7.30", "Basic authentication is not supported for Client Submission.", false, ImapKind.NO,
            Provenance.documented("https://techcommunity.microsoft.com/t5/exchange-team-blog/exchange-online-to-retire"
                    + "-basic-auth-for-client-submission-smtp/ba-p/4114750"));

    public static final Office365Reply TEMPORARY_SERVER_ERROR = smtpLike("temporary-server-error",
            "a front-end proxy (PRX) cannot reach the back end",
            451, "4.7.0", "Temporary server error. Please try again later. PRX4 [{host}]", false, ImapKind.NO,
            Provenance.captured("https://github.com/jstedfast/MailKit/issues/566"));

    public static final Office365Reply CLIENT_NOT_AUTHENTICATED = smtpLike("client-not-authenticated",
            "MAIL FROM on the submission port without a successful AUTH",
            530, "5.7.57", "Client not authenticated to send mail.", true, ImapKind.NO,
            Provenance.captured("https://github.com/tarickb/sasl-xoauth2/issues/96"));

    public static final Office365Reply STARTTLS_REQUIRED = smtpLike("starttls-required",
            "MAIL FROM on the submission port before STARTTLS",
            451, "5.7.3", "STARTTLS is required to send mail", true, ImapKind.NO,
            Provenance.captured("https://github.com/apache/hertzbeat/issues/2365"));

    public static final Office365Reply LEGACY_TLS_REJECTED = smtpLike("legacy-tls-rejected",
            "a client that negotiated TLS 1.0 or 1.1",
            421, "4.7.66", "TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2."
                    + " Visit https://aka.ms/smtp_auth_tls. [{host}]", false, ImapKind.BYE,
            Provenance.captured("https://github.com/zehm/sendEmail/issues/1"));

    public static final Office365Reply SENDAS_DENIED = smtpLike("sendas-denied",
            "the login has no SendAs or SendOnBehalf right on the From address (current form, after the body)",
            554, "5.2.252", "SendAsDenied; {user} not allowed to send as {sender};"
                    + " STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to"
                    + " process message due to a permanent exception with message [BeginDiagnosticData]Cannot"
                    + " submit message. 0.35250:1F009983, 1.36674:0A000000, 1.61250:00000000, 1.45378:02000000,"
                    + " 1.44866:00000000, 1.36674:00000000, 1.61250:00000000 [EndDiagnosticData]", true, ImapKind.NO,
            Provenance.captured("https://github.com/gophish/gophish/issues/2900"));

    public static final Office365Reply SENDAS_DENIED_LEGACY = smtpLike("sendas-denied-legacy",
            "the same refusal in its older form",
            554, "5.2.0", "STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to"
                    + " process message due to a permanent exception with message Cannot submit message.", true,
            ImapKind.NO, Provenance.captured("https://github.com/rss2email/rss2email/issues/147"));

    public static final Office365Reply SENDAS_DENIED_MAIL_FROM = smtpLike("sendas-denied-mail-from",
            "the same refusal at MAIL FROM, as some tenants answer it",
            550, "5.7.60", "SMTP; Client does not have permissions to send as this sender", false, ImapKind.NO,
            Provenance.documented("https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/fix-issues-with"
                    + "-printers-scanners-and-lob-applications-that-send-email-using-off"));

    public static final Office365Reply SUBMISSION_THROTTLED = smtpLike("submission-throttled",
            "a fourth concurrent submission of one mailbox",
            432, "4.3.2", "STOREDRV.ClientSubmit; sender thread limit exceeded [Hostname={host}]", false, ImapKind.NO,
            Provenance.captured("https://github.com/timeoff-management/timeoff-management-application/issues/308"));

    public static final Office365Reply DAILY_RECIPIENT_LIMIT = smtpLike("daily-recipient-limit",
            "the mailbox has sent to 10,000 recipients in 24 hours",
            554, "5.2.0", "STOREDRV.Submission.Exception:SubmissionQuotaExceededException", true, ImapKind.NO,
            Provenance.documented("https://learn.microsoft.com/en-us/exchange/troubleshoot/send-emails/smtp-submission"
                    + "-improvements"));

    public static final Office365Reply MAILBOX_FULL = smtpLike("mailbox-full",
            "the sender's mailbox (Sent Items counts) is over its quota",
            554, "5.2.2", "mailbox full; STOREDRV.Submission.Exception:QuotaExceededException"
                    + ".MapiExceptionShutoffQuotaExceeded", true, ImapKind.NO,
            Provenance.documented("https://learn.microsoft.com/en-us/exchange/troubleshoot/send-emails/smtp-submission"
                    + "-improvements"));

    public static final Office365Reply MESSAGE_TOO_LARGE = smtpLike("message-too-large",
            "a message over the mailbox's MaxSendSize; the capture shows no code, 554 5.2.0 is the form of every"
                    + " other STOREDRV refusal",
            554, "5.2.0", "STOREDRV.Submission.Exception:MessageSubmissionExceededException"
                    + ".MapiExceptionMaxSubmissionExceeded; Message size exceeds maximum size limit.; Failed to process"
                    + " message due to a permanent exception with message [BeginDiagnosticData]Cannot save changes"
                    + " made to an item to store.", true, ImapKind.NO,
            Provenance.community("pm2-health issue 52 on GitHub (a pasted NDR)",
                    "the code prefix is not in the capture"));

    public static final Office365Reply SERVER_BUSY = smtpLike("server-busy",
            "the service is rate-limiting the client",
            451, "4.7.500", "Server busy. Please try again later from [{clientIp}]. (AS77712344) [{host}]", false,
            ImapKind.NO, Provenance.community("https://github.com/ActiveCampaign/smtp-field-manual", "redacted capture"));

    public static final Office365Reply TOO_MANY_CONNECTIONS = smtpLike("too-many-connections",
            "the front end has too many concurrent connections for the resource forest",
            421, "4.3.2", "The maximum number of concurrent connections per resource forest has exceeded a limit,"
                    + " closing transmission channel. PRX8", false, ImapKind.BYE,
            Provenance.community("https://github.com/ActiveCampaign/smtp-field-manual", null));

    public static final Office365Reply IMAP_NOT_CONNECTED = smtpLike("preset-imap-not-connected",
            "IMAP's answer to every command after a login whose mailbox cannot be served",
            451, "4.3.2", "User is authenticated but not connected.", false, ImapKind.BAD,
            AuthRefusals.IMAP_NOT_CONNECTED.provenance());

    public static final Office365Reply IMAP_THROTTLED = smtpLike("imap-throttled",
            "IMAP throttling: the client should back off for the time given",
            451, "4.7.500", "Request is throttled. Suggested Backoff Time: 299609 milliseconds", false, ImapKind.NO,
            Provenance.captured("https://github.com/imapsync/imapsync/issues/198"));

    public static final Office365Reply IMAP_BASIC_AUTH_DISABLED = smtpLike("imap-basic-auth-disabled",
            "IMAP's words for a blocked basic authentication",
            535, "5.7.139", "Basic authentication is disabled.", false, ImapKind.NO,
            Provenance.community("https://github.com/holon-run/uxc/issues/445", "user-pasted"));

    public static final Office365Reply POP3_AUTH_FAILURE = smtpLike("pop3-auth-failure",
            "POP3's words for a failed SASL login",
            535, "5.7.3", "Authentication failure: unknown user name or bad password.", false, ImapKind.NO,
            AuthRefusals.POP3_SASL_FAILURE.provenance());

    private static final Provenance TOKEN_PROVENANCE = Provenance.inferred("Office 365 never says why a token"
            + " fails: each protocol answers a bad token as it answers a bad password");

    public static final Office365Reply TOKEN_REJECTED = new Office365Reply("token-rejected",
            "an expired or invalid XOAUTH2 token",
            new Smtp(535, "5.7.3", "Authentication unsuccessful", true),
            new Imap(ImapKind.NO, "AUTHENTICATE failed.", null),
            new Pop3(false, "Authentication failure: unknown user name or bad password."), TOKEN_PROVENANCE);

    public static final Office365Reply TOKEN_MISSING_SCOPE = new Office365Reply("token-missing-scope",
            "an XOAUTH2 token without the protocol's scope",
            new Smtp(535, "5.7.3", "Authentication unsuccessful", true),
            new Imap(ImapKind.BAD, "User is authenticated but not connected.", null),
            new Pop3(false, "Authentication failure: unknown user name or bad password."), TOKEN_PROVENANCE);

    /** The reply of a preset. */
    public static Office365Reply of(Preset preset) {
        return switch (preset) {
            case BAD_CREDENTIALS -> AuthRefusals.BAD_CREDENTIALS;
            case BASIC_AUTH_DISABLED -> AuthRefusals.BASIC_AUTH_DISABLED;
            case SMTP_AUTH_DISABLED_FOR_TENANT -> AuthRefusals.SMTP_AUTH_DISABLED_FOR_TENANT;
            case SMTP_AUTH_DISABLED_FOR_MAILBOX -> AuthRefusals.SMTP_AUTH_DISABLED_FOR_MAILBOX;
            case SECURITY_DEFAULTS -> AuthRefusals.SECURITY_DEFAULTS;
            case CONDITIONAL_ACCESS_MFA -> AuthRefusals.CONDITIONAL_ACCESS;
            case BASIC_AUTH_RETIRED -> BASIC_AUTH_RETIRED;
            case AUTH_TEMPORARY_FAILURE, TEMPORARY_SERVER_ERROR -> TEMPORARY_SERVER_ERROR;
            case CLIENT_NOT_AUTHENTICATED -> CLIENT_NOT_AUTHENTICATED;
            case STARTTLS_REQUIRED -> STARTTLS_REQUIRED;
            case LEGACY_TLS_REJECTED -> LEGACY_TLS_REJECTED;
            case SENDAS_DENIED -> SENDAS_DENIED;
            case SENDAS_DENIED_LEGACY -> SENDAS_DENIED_LEGACY;
            case SENDAS_DENIED_MAIL_FROM -> SENDAS_DENIED_MAIL_FROM;
            case SUBMISSION_THROTTLED -> SUBMISSION_THROTTLED;
            case DAILY_RECIPIENT_LIMIT -> DAILY_RECIPIENT_LIMIT;
            case MAILBOX_FULL -> MAILBOX_FULL;
            case MESSAGE_TOO_LARGE -> MESSAGE_TOO_LARGE;
            case SERVER_BUSY -> SERVER_BUSY;
            case TOO_MANY_CONNECTIONS -> TOO_MANY_CONNECTIONS;
            case IMAP_NOT_CONNECTED -> IMAP_NOT_CONNECTED;
            case IMAP_THROTTLED -> IMAP_THROTTLED;
            case IMAP_BASIC_AUTH_DISABLED -> IMAP_BASIC_AUTH_DISABLED;
            case POP3_AUTH_FAILURE -> POP3_AUTH_FAILURE;
            case TOKEN_EXPIRED, TOKEN_INVALID -> TOKEN_REJECTED;
            case TOKEN_MISSING_SCOPE -> TOKEN_MISSING_SCOPE;
        };
    }

    static List<Office365Reply> all() {
        return List.of(BASIC_AUTH_RETIRED, TEMPORARY_SERVER_ERROR, CLIENT_NOT_AUTHENTICATED, STARTTLS_REQUIRED,
                LEGACY_TLS_REJECTED, SENDAS_DENIED, SENDAS_DENIED_LEGACY, SENDAS_DENIED_MAIL_FROM, SUBMISSION_THROTTLED,
                DAILY_RECIPIENT_LIMIT, MAILBOX_FULL, MESSAGE_TOO_LARGE, SERVER_BUSY, TOO_MANY_CONNECTIONS,
                IMAP_NOT_CONNECTED, IMAP_THROTTLED, IMAP_BASIC_AUTH_DISABLED, POP3_AUTH_FAILURE, TOKEN_REJECTED,
                TOKEN_MISSING_SCOPE);
    }

    /** An SMTP refusal whose IMAP and POP3 forms are its text without codes and trailer. */
    private static Office365Reply smtpLike(String id, String condition, int code, String enhanced, String text,
            boolean trailer, ImapKind imap, Provenance provenance) {
        return new Office365Reply(id, condition, new Smtp(code, enhanced, text, trailer), new Imap(imap, text, null),
                new Pop3(code < 400, text), provenance);
    }
}
