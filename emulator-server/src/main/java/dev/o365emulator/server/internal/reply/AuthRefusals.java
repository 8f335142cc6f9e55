package dev.o365emulator.server.internal.reply;

import dev.o365emulator.server.internal.reply.Office365Reply.Imap;
import dev.o365emulator.server.internal.reply.Office365Reply.ImapKind;
import dev.o365emulator.server.internal.reply.Office365Reply.Pop3;
import dev.o365emulator.server.internal.reply.Office365Reply.Smtp;
import dev.o365emulator.server.tenant.AuthDecision.Reason;
import java.util.List;

/**
 * How Office 365 refuses a login, for each reason the tenant decides ({@link Reason}).
 *
 * <p>IMAP's text names the command the client sent ({@code {command}}: {@code LOGIN} or
 * {@code AUTHENTICATE}). POP3 never says why a password was refused; a SASL ({@code AUTH}) failure
 * has its own wording, {@link #POP3_SASL_FAILURE}. An IMAP login to a mailbox with IMAP disabled
 * is not refused at all: it is accepted and every later command answered
 * {@link #IMAP_NOT_CONNECTED}.
 */
public final class AuthRefusals {

    private AuthRefusals() {
    }

    private static final String IMAP_FAILED = "{command} failed.";
    private static final String POP3_LOGON_FAILURE = "Logon failure: unknown user name or bad password.";
    private static final String BASIC_DISABLED_SOURCE = "https://github.com/rpremraj/mailR/issues/107";
    private static final String POLICY_SOURCE = "https://docs.bookyourpto.com/features/smtp-troubleshoot";

    public static final Office365Reply BAD_CREDENTIALS = new Office365Reply("auth-bad-credentials",
            "a login with an unknown user, a wrong password or a token the service rejects",
            new Smtp(535, "5.7.3", "Authentication unsuccessful", true),
            new Imap(ImapKind.NO, IMAP_FAILED, null),
            new Pop3(false, POP3_LOGON_FAILURE),
            Provenance.captured("https://github.com/HChaoHui/msOauth2api/issues/3 (SMTP);"
                    + " https://github.com/mjs/imapclient/issues/602 (IMAP);"
                    + " https://github.com/simonrob/email-oauth2-proxy/issues/244 (POP3)"));

    public static final Office365Reply BASIC_AUTH_DISABLED = new Office365Reply("auth-basic-auth-disabled",
            "an authentication policy blocks basic authentication for the protocol",
            new Smtp(535, "5.7.139", "Authentication unsuccessful, basic authentication is disabled.", true),
            new Imap(ImapKind.NO, "Basic authentication is disabled.", null),
            new Pop3(false, POP3_LOGON_FAILURE),
            Provenance.captured(BASIC_DISABLED_SOURCE + " (SMTP); https://github.com/holon-run/uxc/issues/445"
                    + " (IMAP, user-pasted)"));

    public static final Office365Reply SMTP_AUTH_DISABLED_FOR_TENANT = new Office365Reply(
            "auth-smtp-disabled-for-tenant", "SMTP AUTH is disabled for the tenant (Set-TransportConfig"
                    + " -SmtpClientAuthenticationDisabled $true)",
            new Smtp(535, "5.7.139", "Authentication unsuccessful, SmtpClientAuthentication is disabled for the"
                    + " Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.", true),
            new Imap(ImapKind.NO, IMAP_FAILED, null),
            new Pop3(false, POP3_LOGON_FAILURE),
            Provenance.captured("https://github.com/simonrob/email-oauth2-proxy/issues/193"));

    public static final Office365Reply SMTP_AUTH_DISABLED_FOR_MAILBOX = new Office365Reply(
            "auth-smtp-disabled-for-mailbox", "SMTP AUTH is disabled for the mailbox (Set-CASMailbox"
                    + " -SmtpClientAuthenticationDisabled $true)",
            new Smtp(535, "5.7.139", "Authentication unsuccessful, SmtpClientAuthentication is disabled for the"
                    + " Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.", true),
            new Imap(ImapKind.NO, IMAP_FAILED, null),
            new Pop3(false, POP3_LOGON_FAILURE),
            Provenance.community(POLICY_SOURCE, "the tenant form is captured; the mailbox form differs in one word"));

    public static final Office365Reply SECURITY_DEFAULTS = new Office365Reply("auth-security-defaults",
            "Entra ID security defaults block legacy authentication",
            new Smtp(535, "5.7.139", "Authentication unsuccessful, user is locked by your organization's security"
                    + " defaults policy. Contact your administrator.", true),
            new Imap(ImapKind.NO, IMAP_FAILED, null),
            new Pop3(false, POP3_LOGON_FAILURE),
            Provenance.community(POLICY_SOURCE, null));

    public static final Office365Reply CONDITIONAL_ACCESS = new Office365Reply("auth-conditional-access",
            "a conditional access policy (MFA) the password alone cannot satisfy",
            new Smtp(535, "5.7.139", "Authentication unsuccessful, the request did not meet the criteria to be"
                    + " authenticated successfully. Contact your administrator.", true),
            new Imap(ImapKind.NO, IMAP_FAILED, null),
            new Pop3(false, POP3_LOGON_FAILURE),
            Provenance.community(POLICY_SOURCE, null));

    /** A POP3 {@code AUTH} (SASL) exchange that fails, whatever the reason. */
    public static final Office365Reply POP3_SASL_FAILURE = new Office365Reply("pop3-sasl-failure",
            "a POP3 AUTH exchange (XOAUTH2, PLAIN) that fails",
            null, null, new Pop3(false, "Authentication failure: unknown user name or bad password."),
            Provenance.captured("https://github.com/simonrob/email-oauth2-proxy/issues/244"));

    /** After an IMAP login to a mailbox with IMAP disabled (or a token without the IMAP scope). */
    public static final Office365Reply IMAP_NOT_CONNECTED = new Office365Reply("imap-authenticated-but-not-connected",
            "a command after an accepted IMAP login whose mailbox cannot be served (IMAP disabled, token without"
                    + " the IMAP scope); the second is followed by * BYE Connection closed. 14",
            null, new Imap(ImapKind.BAD, "User is authenticated but not connected.", null), null,
            Provenance.captured("https://github.com/mscdex/node-imap/issues/523;"
                    + " https://github.com/jstedfast/MailKit/issues/1496"));

    /** The reply for a refusal reason. */
    public static Office365Reply of(Reason reason) {
        return switch (reason) {
            case BAD_CREDENTIALS, PROTOCOL_DISABLED -> BAD_CREDENTIALS;
            case BASIC_AUTH_DISABLED -> BASIC_AUTH_DISABLED;
            case BASIC_AUTH_RETIRED -> PresetReplies.BASIC_AUTH_RETIRED;
            case SMTP_AUTH_DISABLED_FOR_TENANT -> SMTP_AUTH_DISABLED_FOR_TENANT;
            case SMTP_AUTH_DISABLED_FOR_MAILBOX -> SMTP_AUTH_DISABLED_FOR_MAILBOX;
            case SECURITY_DEFAULTS -> SECURITY_DEFAULTS;
            case CONDITIONAL_ACCESS -> CONDITIONAL_ACCESS;
        };
    }

    /**
     * Whether IMAP answers the login with OK and then refuses every command with
     * {@link #IMAP_NOT_CONNECTED} (Office 365's behaviour for a mailbox with IMAP disabled).
     */
    public static boolean imapAcceptsThenDisconnects(Reason reason) {
        return reason == Reason.PROTOCOL_DISABLED;
    }

    static List<Office365Reply> all() {
        return List.of(BAD_CREDENTIALS, BASIC_AUTH_DISABLED, SMTP_AUTH_DISABLED_FOR_TENANT,
                SMTP_AUTH_DISABLED_FOR_MAILBOX, SECURITY_DEFAULTS, CONDITIONAL_ACCESS, POP3_SASL_FAILURE,
                IMAP_NOT_CONNECTED);
    }
}
