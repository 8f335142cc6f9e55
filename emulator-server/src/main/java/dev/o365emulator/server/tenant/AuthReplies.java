package dev.o365emulator.server.tenant;

import dev.o365emulator.server.tenant.AuthDecision.Reason;

/**
 * Office 365's words for a refused login, per protocol (o365-reference.md §3).
 *
 * <p>Texts carry no bracketed {@code [HOST date ticks]} trailer: the session appends its own.
 */
public final class AuthReplies {
    private AuthReplies() {
    }

    /** The SMTP reply line (code, enhanced code and text) for a refused {@code AUTH}. */
    public static String smtp(Reason reason) {
        return switch (reason) {
            case BAD_CREDENTIALS, PROTOCOL_DISABLED -> "535 5.7.3 Authentication unsuccessful";
            case BASIC_AUTH_DISABLED -> "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.";
            case SMTP_AUTH_DISABLED_FOR_TENANT -> "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication"
                    + " is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.";
            case SMTP_AUTH_DISABLED_FOR_MAILBOX -> "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication"
                    + " is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.";
            case SECURITY_DEFAULTS -> "535 5.7.139 Authentication unsuccessful, user is locked by your organization's"
                    + " security defaults policy. Contact your administrator.";
            case CONDITIONAL_ACCESS -> "535 5.7.139 Authentication unsuccessful, the request did not meet the criteria"
                    + " to be authenticated successfully. Contact your administrator.";
        };
    }

    /**
     * Whether IMAP answers the login with OK and then refuses every command with
     * {@link #IMAP_NOT_CONNECTED} (Office 365's behaviour for a mailbox with IMAP disabled).
     */
    public static boolean imapAcceptsThenDisconnects(Reason reason) {
        return reason == Reason.PROTOCOL_DISABLED;
    }

    /** The tagged BAD text after a login to a mailbox with IMAP disabled; the second one is followed by a BYE. */
    public static final String IMAP_NOT_CONNECTED = "User is authenticated but not connected.";

    /**
     * The tagged NO text (without tag and {@code NO}) for a refused IMAP {@code LOGIN} or {@code AUTHENTICATE}.
     *
     * @param command {@code "LOGIN"} or {@code "AUTHENTICATE"}, as the client sent it
     */
    public static String imap(Reason reason, String command) {
        if (reason == Reason.BASIC_AUTH_DISABLED) {
            return "Basic authentication is disabled.";
        }
        return command + " failed.";
    }

    /** The POP3 {@code -ERR} line for a refused {@code PASS}; POP3 never says why. */
    public static String pop3Pass(Reason reason) {
        return "-ERR Logon failure: unknown user name or bad password.";
    }

    /** The POP3 {@code -ERR} line for a refused {@code AUTH} (SASL). */
    public static String pop3Auth(Reason reason) {
        return "-ERR Authentication failure: unknown user name or bad password.";
    }
}
