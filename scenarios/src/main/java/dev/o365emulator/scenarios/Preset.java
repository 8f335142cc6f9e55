package dev.o365emulator.scenarios;

import java.util.Locale;
import java.util.Optional;

/**
 * Office 365 replies by name, for {@code then: {preset: …}}; the server renders each in the
 * protocol of the session (SMTP reply, IMAP tagged response, POP3 {@code -ERR}).
 */
public enum Preset {
    BAD_CREDENTIALS("535 5.7.3 Authentication unsuccessful / IMAP NO LOGIN failed. / POP3 -ERR Logon failure"),
    BASIC_AUTH_DISABLED("535 5.7.139 basic authentication is disabled"),
    SMTP_AUTH_DISABLED_FOR_TENANT("535 5.7.139 SmtpClientAuthentication is disabled for the Tenant"),
    SMTP_AUTH_DISABLED_FOR_MAILBOX("535 5.7.139 SmtpClientAuthentication is disabled for the Mailbox"),
    SECURITY_DEFAULTS("535 5.7.139 user is locked by your organization's security defaults policy"),
    CONDITIONAL_ACCESS_MFA("535 5.7.139 the request did not meet the criteria to be authenticated successfully"),
    BASIC_AUTH_RETIRED("550 5.7.30 Basic authentication is not supported for Client Submission."),
    AUTH_TEMPORARY_FAILURE("451 4.7.0 Temporary server error. Please try again later. PRX4"),
    CLIENT_NOT_AUTHENTICATED("530 5.7.57 Client not authenticated to send mail."),
    STARTTLS_REQUIRED("451 5.7.3 STARTTLS is required to send mail"),
    LEGACY_TLS_REJECTED("421 4.7.66 TLS 1.0 and 1.1 are not supported."),
    SENDAS_DENIED("554 5.2.252 SendAsDenied (current form, at the end of DATA)"),
    SENDAS_DENIED_LEGACY("554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException (older form)"),
    SENDAS_DENIED_MAIL_FROM("550 5.7.60 SMTP; Client does not have permissions to send as this sender"),
    SUBMISSION_THROTTLED("432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded"),
    DAILY_RECIPIENT_LIMIT("554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException"),
    MAILBOX_FULL("554 5.2.2 mailbox full; STOREDRV.Submission.Exception:QuotaExceededException"),
    MESSAGE_TOO_LARGE("554 5.2.0 …MessageSubmissionExceededException.MapiExceptionMaxSubmissionExceeded"),
    SERVER_BUSY("451 4.7.500 Server busy. Please try again later from [{clientIp}]. (AS77712344)"),
    TEMPORARY_SERVER_ERROR("451 4.7.0 Temporary server error. Please try again later. PRX4"),
    TOO_MANY_CONNECTIONS("421 4.3.2 The maximum number of concurrent connections per resource forest has exceeded a limit"),
    IMAP_NOT_CONNECTED("IMAP BAD User is authenticated but not connected."),
    IMAP_THROTTLED("IMAP NO Request is throttled. Suggested Backoff Time: 299609 milliseconds"),
    IMAP_BASIC_AUTH_DISABLED("IMAP NO Basic authentication is disabled."),
    POP3_AUTH_FAILURE("POP3 -ERR Authentication failure: unknown user name or bad password."),
    TOKEN_EXPIRED("XOAUTH2 token expired: 535 5.7.3 / IMAP NO AUTHENTICATE failed. / POP3 -ERR Authentication failure"),
    TOKEN_INVALID("XOAUTH2 token rejected: 535 5.7.3 / IMAP NO AUTHENTICATE failed. / POP3 -ERR Authentication failure"),
    TOKEN_MISSING_SCOPE("XOAUTH2 token without the protocol's scope: 535 5.7.3 / IMAP OK then BAD User is"
            + " authenticated but not connected. / POP3 -ERR Authentication failure");

    private final String summary;

    Preset(String summary) {
        this.summary = summary;
    }

    /** The name used in scenario files, e.g. {@code sendas-denied}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A short description of the reply, for documentation and {@code validate}. */
    public String summary() {
        return summary;
    }

    /** The preset with this {@link #id()}. */
    public static Optional<Preset> byId(String id) {
        for (Preset p : values()) {
            if (p.id().equals(id)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
