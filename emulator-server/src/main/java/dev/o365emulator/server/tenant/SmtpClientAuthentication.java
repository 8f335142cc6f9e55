package dev.o365emulator.server.tenant;

/**
 * A mailbox's SMTP client authentication setting ({@code Set-CASMailbox -SmtpClientAuthenticationDisabled}).
 *
 * <p>Exchange Online stores it as {@code $true}, {@code $false} or {@code $null}; {@code $null}
 * means the tenant-wide setting applies, and an explicit mailbox value wins over the tenant.
 */
public enum SmtpClientAuthentication {
    /** SMTP AUTH allowed for this mailbox even when the tenant disables it. */
    ENABLED,
    /** SMTP AUTH refused for this mailbox with the "disabled for the Mailbox" text. */
    DISABLED,
    /** The tenant-wide setting decides (Office 365's default). */
    FOLLOW_TENANT
}
