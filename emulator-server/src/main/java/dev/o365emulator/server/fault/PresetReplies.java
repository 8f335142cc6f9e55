package dev.o365emulator.server.fault;

import dev.o365emulator.scenarios.Preset;
import dev.o365emulator.scenarios.Reply.ImapStatus;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.imap.ImapReplies;
import dev.o365emulator.server.tenant.AuthDecision.Reason;
import dev.o365emulator.server.tenant.AuthReplies;

/**
 * Office 365's exact texts for each {@link Preset}, per protocol (o365-reference.md §3–§5). SMTP
 * texts that carry a trailer in the captures end with {@code {timestampTrailer}}.
 *
 * <p>Where Office 365 has no IMAP or POP3 form of an SMTP-only refusal (SendAs, quotas), IMAP says
 * {@code NO} and POP3 {@code -ERR} with the SMTP text minus its codes: the closest a client of that
 * protocol could see, and such rules normally name {@code protocol: smtp} anyway.
 */
final class PresetReplies {
    private PresetReplies() {
    }

    private static final String TRAILER = " {timestampTrailer}";

    static FaultReply reply(Preset preset, Protocol protocol, String command) {
        String authCommand = command == null ? "LOGIN" : command.equalsIgnoreCase("AUTHENTICATE") ? "AUTHENTICATE"
                : "LOGIN";
        return switch (preset) {
            case BAD_CREDENTIALS -> auth(Reason.BAD_CREDENTIALS, protocol, authCommand);
            case BASIC_AUTH_DISABLED -> auth(Reason.BASIC_AUTH_DISABLED, protocol, authCommand);
            case SMTP_AUTH_DISABLED_FOR_TENANT -> auth(Reason.SMTP_AUTH_DISABLED_FOR_TENANT, protocol, authCommand);
            case SMTP_AUTH_DISABLED_FOR_MAILBOX -> auth(Reason.SMTP_AUTH_DISABLED_FOR_MAILBOX, protocol, authCommand);
            case SECURITY_DEFAULTS -> auth(Reason.SECURITY_DEFAULTS, protocol, authCommand);
            case CONDITIONAL_ACCESS_MFA -> auth(Reason.CONDITIONAL_ACCESS, protocol, authCommand);
            case BASIC_AUTH_RETIRED -> of(protocol, 550, "5.7.30",
                    "Basic authentication is not supported for Client Submission.", ImapStatus.NO);
            case AUTH_TEMPORARY_FAILURE, TEMPORARY_SERVER_ERROR -> of(protocol, 451, "4.7.0",
                    "Temporary server error. Please try again later. PRX4 [{host}]", ImapStatus.NO);
            case CLIENT_NOT_AUTHENTICATED -> of(protocol, 530, "5.7.57", "Client not authenticated to send mail."
                    + TRAILER, ImapStatus.NO);
            case STARTTLS_REQUIRED -> of(protocol, 451, "5.7.3", "STARTTLS is required to send mail" + TRAILER,
                    ImapStatus.NO);
            case LEGACY_TLS_REJECTED -> of(protocol, 421, "4.7.66", "TLS 1.0 and 1.1 are not supported. Please"
                    + " upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls. [{host}]",
                    ImapStatus.BYE);
            case SENDAS_DENIED -> of(protocol, 554, "5.2.252", "SendAsDenied; {user} not allowed to send as {sender};"
                    + " STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to"
                    + " process message due to a permanent exception with message [BeginDiagnosticData]Cannot"
                    + " submit message. 0.35250:1F009983, 1.36674:0A000000, 1.61250:00000000, 1.45378:02000000,"
                    + " 1.44866:00000000, 1.36674:00000000, 1.61250:00000000 [EndDiagnosticData]" + TRAILER,
                    ImapStatus.NO);
            case SENDAS_DENIED_LEGACY -> of(protocol, 554, "5.2.0", "STOREDRV.Submission.Exception:"
                    + "SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent"
                    + " exception with message Cannot submit message." + TRAILER, ImapStatus.NO);
            case SENDAS_DENIED_MAIL_FROM -> of(protocol, 550, "5.7.60",
                    "SMTP; Client does not have permissions to send as this sender", ImapStatus.NO);
            case SUBMISSION_THROTTLED -> of(protocol, 432, "4.3.2",
                    "STOREDRV.ClientSubmit; sender thread limit exceeded [Hostname={host}]", ImapStatus.NO);
            case DAILY_RECIPIENT_LIMIT -> of(protocol, 554, "5.2.0",
                    "STOREDRV.Submission.Exception:SubmissionQuotaExceededException" + TRAILER, ImapStatus.NO);
            case MAILBOX_FULL -> of(protocol, 554, "5.2.2", "mailbox full; STOREDRV.Submission.Exception:"
                    + "QuotaExceededException.MapiExceptionShutoffQuotaExceeded" + TRAILER, ImapStatus.NO);
            // The capture shows no code prefix; 554 5.2.0 is the form of every other STOREDRV refusal.
            case MESSAGE_TOO_LARGE -> of(protocol, 554, "5.2.0", "STOREDRV.Submission.Exception:"
                    + "MessageSubmissionExceededException.MapiExceptionMaxSubmissionExceeded; Message size exceeds"
                    + " maximum size limit.; Failed to process message due to a permanent exception with message"
                    + " [BeginDiagnosticData]Cannot save changes made to an item to store." + TRAILER, ImapStatus.NO);
            case SERVER_BUSY -> of(protocol, 451, "4.7.500",
                    "Server busy. Please try again later from [{clientIp}]. (AS77712344) [{host}]", ImapStatus.NO);
            case TOO_MANY_CONNECTIONS -> of(protocol, 421, "4.3.2", "The maximum number of concurrent connections per"
                    + " resource forest has exceeded a limit, closing transmission channel. PRX8", ImapStatus.BYE);
            case IMAP_NOT_CONNECTED -> new FaultReply(451, "4.3.2", AuthReplies.IMAP_NOT_CONNECTED, ImapStatus.BAD,
                    null);
            case IMAP_THROTTLED -> new FaultReply(451, "4.7.500",
                    "Request is throttled. Suggested Backoff Time: 299609 milliseconds", ImapStatus.NO, null);
            case IMAP_BASIC_AUTH_DISABLED -> new FaultReply(535, "5.7.139", "Basic authentication is disabled.",
                    ImapStatus.NO, null);
            case POP3_AUTH_FAILURE -> new FaultReply(535, "5.7.3",
                    "Authentication failure: unknown user name or bad password.", ImapStatus.NO, null);
            // At an XOAUTH2 login the session renders these itself (oauth.XOAuth2Faults), IMAP's
            // OK-then-BAD included; these texts serve a token preset fired at any other stage.
            case TOKEN_EXPIRED, TOKEN_INVALID -> token(protocol, ImapStatus.NO, ImapReplies.failed("AUTHENTICATE"));
            case TOKEN_MISSING_SCOPE -> token(protocol, ImapStatus.BAD, AuthReplies.IMAP_NOT_CONNECTED);
        };
    }

    /** Office 365 never says why a token fails: SMTP 535 5.7.3, IMAP as given, POP3 its XOAUTH2 text. */
    private static FaultReply token(Protocol protocol, ImapStatus imap, String imapText) {
        return switch (protocol) {
            case SMTP -> new FaultReply(535, "5.7.3", "Authentication unsuccessful" + TRAILER, imap, null);
            case IMAP -> new FaultReply(535, null, imapText, imap, null);
            case POP3 -> new FaultReply(535, null, "Authentication failure: unknown user name or bad password.", imap, null);
        };
    }

    private static FaultReply auth(Reason reason, Protocol protocol, String imapCommand) {
        return switch (protocol) {
            case SMTP -> {
                String line = AuthReplies.smtp(reason);
                yield new FaultReply(Integer.parseInt(line.substring(0, 3)), line.substring(4, line.indexOf(' ', 4)),
                        line.substring(line.indexOf(' ', 4) + 1) + TRAILER, ImapStatus.NO, null);
            }
            case IMAP -> new FaultReply(535, null, AuthReplies.imap(reason, imapCommand), ImapStatus.NO, null);
            case POP3 -> new FaultReply(535, null, AuthReplies.pop3Pass(reason).substring("-ERR ".length()),
                    ImapStatus.NO, null);
        };
    }

    private static FaultReply of(Protocol protocol, int code, String enhanced, String text, ImapStatus imap) {
        return new FaultReply(code, enhanced, protocol == Protocol.SMTP ? text : text.replace(TRAILER, ""), imap,
                null);
    }
}
