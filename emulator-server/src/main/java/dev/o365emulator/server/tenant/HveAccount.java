package dev.o365emulator.server.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * An account of Office 365's High Volume Email service ({@code smtp-hve.office365.com:587}): a mail user
 * the admin creates for an application that sends bulk internal mail, signing in on the {@code hve}
 * endpoint with its password (SMTP AUTH LOGIN) or a token (XOAUTH2).
 *
 * <p>An HVE account is not a mailbox: it has no Inbox and no Sent Items, cannot sign in anywhere but
 * on {@code hve}, and may send only as itself. Office 365 allows up to 20 of them per tenant (in its
 * preview); so does the emulator.
 *
 * <pre>{@code
 * emulator.tenant().update(t -> t.hveAccount(new HveAccount("notifications@contoso.com", "Hve!Pass1")));
 * }</pre>
 *
 * @param address the account's address, in one of the tenant's accepted domains (lower case)
 * @param password the password SMTP AUTH LOGIN presents
 */
public record HveAccount(String address, String password) {

    public HveAccount {
        address = Addresses.normalize(Objects.requireNonNull(address, "address"));
        Objects.requireNonNull(password, "password");
        if (password.isEmpty()) {
            throw new IllegalArgumentException("an HVE account needs a password: " + address);
        }
    }

    /** Whether the presented password is this account's, compared in constant time. */
    public boolean passwordMatches(String presented) {
        return presented != null && MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The account as the submitting identity of a session: a mailbox value with Office 365's default
     * sizes that exists nowhere in the store (nothing is ever stored for it).
     */
    public Mailbox asSender() {
        return Mailbox.builder(address).build();
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "HveAccount[" + address + "]";
    }
}
