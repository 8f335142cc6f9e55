package dev.o365emulator.server.tenant;

/**
 * The outcome of a login: allowed, or refused with the reason Office 365 would give.
 *
 * <p>Each protocol renders a refusal in its own words with {@link AuthReplies}.
 */
public sealed interface AuthDecision {

    /**
     * The login succeeded.
     *
     * @param user the mailbox whose credentials were presented
     * @param mailbox the mailbox the session works on: the user's own, or a mailbox reached through
     *     FullAccess ({@code user\shared} login or an OAuth {@code user=} naming another mailbox)
     */
    record Allowed(Mailbox user, Mailbox mailbox) implements AuthDecision {
    }

    /** The login was refused, and why. */
    record Refused(Reason reason) implements AuthDecision {
    }

    /** Why Office 365 refuses a login; the order of the checks is documented on {@link Tenant#authenticateBasic}. */
    enum Reason {
        /** Unknown user, wrong password, shared mailbox signed in directly, or no FullAccess on the target. */
        BAD_CREDENTIALS,
        /** An authentication policy blocks basic auth for this protocol (checked before the password). */
        BASIC_AUTH_DISABLED,
        /** Basic auth for SMTP client submission is retired ({@link BasicAuthSmtpSubmission#RETIRED}). */
        BASIC_AUTH_RETIRED,
        /** {@code Set-TransportConfig -SmtpClientAuthenticationDisabled $true} and the mailbox follows the tenant. */
        SMTP_AUTH_DISABLED_FOR_TENANT,
        /** {@code Set-CASMailbox -SmtpClientAuthenticationDisabled $true}. */
        SMTP_AUTH_DISABLED_FOR_MAILBOX,
        /** Azure AD security defaults block legacy authentication. */
        SECURITY_DEFAULTS,
        /** The user needs MFA / conditional access, which basic auth with the plain password cannot satisfy. */
        CONDITIONAL_ACCESS,
        /**
         * IMAP or POP is disabled for the mailbox. Office 365 lets an IMAP login succeed and then answers
         * every command {@code BAD User is authenticated but not connected.}; POP says logon failure.
         */
        PROTOCOL_DISABLED
    }
}
