package dev.o365emulator.scenarios.tenant;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One mailbox in a scenario's {@code tenant.mailboxes}; an absent key keeps Office 365's default.
 *
 * <pre>{@code
 * - address: ops@contoso.com
 *   password: S3cret!ops
 *   aliases: [operations@contoso.com]
 *   imapEnabled: false
 *   smtpClientAuthentication: disabled   # enabled | disabled | tenant
 *   sendAs: [adele@contoso.com]          # who may send as ops
 *   maxSendSize: 10 MB
 * }</pre>
 *
 * <p>List keys left out are {@code null} (keep the current value); an empty list clears.
 *
 * @param sendAs trustees allowed to send as this mailbox
 * @param sendOnBehalf trustees allowed to send on behalf of this mailbox
 * @param fullAccess trustees allowed to open this mailbox over IMAP/POP
 */
public record MailboxSpec(
        String address,
        String displayName,
        String password,
        List<String> appPasswords,
        List<String> aliases,
        Boolean shared,
        Boolean imapEnabled,
        Boolean popEnabled,
        SmtpAuth smtpClientAuthentication,
        Boolean mfaRequired,
        List<String> sendAs,
        List<String> sendOnBehalf,
        List<String> fullAccess,
        ByteSize maxSendSize,
        ByteSize maxReceiveSize) {

    public MailboxSpec {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("a mailbox needs an address");
        }
        appPasswords = appPasswords == null ? null : List.copyOf(appPasswords);
        aliases = aliases == null ? null : List.copyOf(aliases);
        sendAs = sendAs == null ? null : List.copyOf(sendAs);
        sendOnBehalf = sendOnBehalf == null ? null : List.copyOf(sendOnBehalf);
        fullAccess = fullAccess == null ? null : List.copyOf(fullAccess);
    }

    /** {@code smtpClientAuthentication}: explicit on the mailbox, or following the tenant. */
    public enum SmtpAuth {
        @JsonProperty("enabled") ENABLED,
        @JsonProperty("disabled") DISABLED,
        @JsonProperty("tenant") TENANT
    }
}
