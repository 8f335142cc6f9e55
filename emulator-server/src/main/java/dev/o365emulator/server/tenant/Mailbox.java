package dev.o365emulator.server.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A user or shared mailbox of the tenant, with its Exchange Online settings; immutable.
 *
 * <p>Grants live on the mailbox they are about, as in Exchange ({@code Add-RecipientPermission
 * info -Trustee adele}): {@link #sendAs()}, {@link #sendOnBehalf()} and {@link #fullAccess()} list
 * the addresses of the trustees allowed to act on <em>this</em> mailbox.
 *
 * <p>Passwords are case-sensitive; a shared mailbox has none (its sign-in is blocked, as Office 365
 * creates them) and is reached through FullAccess with {@code trustee\shared} logins.
 *
 * @param address primary SMTP address (the user principal name), lower case
 * @param aliases further proxy addresses that receive mail and that the owner may send as
 * @param password the case-sensitive password, or {@code null} when sign-in is blocked
 * @param appPasswords app passwords, which satisfy {@link #mfaRequired()} like Azure AD's per-user MFA
 * @param maxSendSize largest message this mailbox may submit, in bytes (default 35 MB), or
 *     {@link #UNLIMITED_SIZE}
 * @param maxReceiveSize largest message this mailbox accepts, in bytes (default 36 MB), or
 *     {@link #UNLIMITED_SIZE}
 */
public record Mailbox(
        String address,
        String displayName,
        Set<String> aliases,
        String password,
        List<String> appPasswords,
        boolean shared,
        boolean imapEnabled,
        boolean popEnabled,
        SmtpClientAuthentication smtpClientAuthentication,
        boolean mfaRequired,
        Set<String> sendAs,
        Set<String> sendOnBehalf,
        Set<String> fullAccess,
        long maxSendSize,
        long maxReceiveSize) {

    /** One Exchange "MB": Exchange counts sizes in binary units (35 MB = 36 700 160 bytes). */
    public static final long MB = 1024L * 1024L;
    public static final long DEFAULT_MAX_SEND_SIZE = 35 * MB;
    public static final long DEFAULT_MAX_RECEIVE_SIZE = 36 * MB;
    /** The highest value Office 365 lets an administrator set, also advertised as {@code SIZE 157286400}. */
    public static final long MAX_MESSAGE_SIZE_LIMIT = 150 * MB;
    /**
     * No size limit for the mailbox ({@code unlimited} in a scenario file), which Office 365 has not:
     * what bounds a message then is the server's memory budget for mail being received. On port 25
     * the SMTP session still holds a message to the {@code SIZE} it advertises, Office 365's fixed
     * maximum.
     */
    public static final long UNLIMITED_SIZE = Long.MAX_VALUE;
    public static final int MAX_ALIASES = 400;
    public static final int MAX_GRANTS = 1000;

    public Mailbox {
        address = Addresses.normalize(address);
        displayName = displayName == null ? address.substring(0, address.indexOf('@')) : displayName;
        aliases = normalizedSet(aliases, MAX_ALIASES, "aliases");
        aliases.remove(address);
        aliases = Set.copyOf(aliases);
        appPasswords = List.copyOf(appPasswords == null ? List.of() : appPasswords);
        smtpClientAuthentication = smtpClientAuthentication == null
                ? SmtpClientAuthentication.FOLLOW_TENANT : smtpClientAuthentication;
        sendAs = Set.copyOf(normalizedSet(sendAs, MAX_GRANTS, "sendAs"));
        sendOnBehalf = Set.copyOf(normalizedSet(sendOnBehalf, MAX_GRANTS, "sendOnBehalf"));
        fullAccess = Set.copyOf(normalizedSet(fullAccess, MAX_GRANTS, "fullAccess"));
        checkSize("maxSendSize", maxSendSize);
        checkSize("maxReceiveSize", maxReceiveSize);
    }

    /** Starts a user mailbox with Office 365's defaults: IMAP and POP enabled, SMTP AUTH following the tenant. */
    public static Builder builder(String address) {
        return new Builder(address);
    }

    /** Returns a builder holding this mailbox's settings, to change a few of them. */
    public Builder toBuilder() {
        Builder b = new Builder(address);
        b.displayName = displayName;
        b.aliases.addAll(aliases);
        b.password = password;
        b.appPasswords.addAll(appPasswords);
        b.shared = shared;
        b.imapEnabled = imapEnabled;
        b.popEnabled = popEnabled;
        b.smtpClientAuthentication = smtpClientAuthentication;
        b.mfaRequired = mfaRequired;
        b.sendAs.addAll(sendAs);
        b.sendOnBehalf.addAll(sendOnBehalf);
        b.fullAccess.addAll(fullAccess);
        b.maxSendSize = maxSendSize;
        b.maxReceiveSize = maxReceiveSize;
        return b;
    }

    /** Whether the address is this mailbox's primary address or one of its aliases. */
    public boolean owns(String normalizedAddress) {
        return address.equals(normalizedAddress) || aliases.contains(normalizedAddress);
    }

    /** The kind of secret a presented password matched. */
    public enum Credential {
        NONE, PASSWORD, APP_PASSWORD
    }

    /** Checks a presented password against the password and the app passwords, case-sensitively. */
    public Credential check(String presented) {
        if (presented == null) {
            return Credential.NONE;
        }
        if (password != null && constantTimeEquals(password, presented)) {
            return Credential.PASSWORD;
        }
        for (String app : appPasswords) {
            if (constantTimeEquals(app, presented)) {
                return Credential.APP_PASSWORD;
            }
        }
        return Credential.NONE;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static Set<String> normalizedSet(Collection<String> values, int max, String name) {
        Set<String> out = new LinkedHashSet<>();
        if (values == null) {
            return out;
        }
        if (values.size() > max) {
            throw new IllegalArgumentException(name + " holds more than " + max + " entries");
        }
        for (String v : values) {
            out.add(Addresses.normalize(v));
        }
        return out;
    }

    private static void checkSize(String name, long size) {
        if ((size < 1 || size > MAX_MESSAGE_SIZE_LIMIT) && size != UNLIMITED_SIZE) {
            throw new IllegalArgumentException(name + " must be within 1.." + MAX_MESSAGE_SIZE_LIMIT
                    + " or unlimited, was " + size);
        }
    }

    @Override
    public String toString() {
        // Never print secrets: tenant snapshots end up in logs and test failure messages.
        return "Mailbox[" + address + (shared ? ", shared" : "") + "]";
    }

    /** Collects a mailbox's settings; starts from Office 365's defaults for a new user mailbox. */
    public static final class Builder {
        private final String address;
        private String displayName;
        private final Set<String> aliases = new LinkedHashSet<>();
        private String password;
        private final List<String> appPasswords = new ArrayList<>();
        private boolean shared;
        private boolean imapEnabled = true;
        private boolean popEnabled = true;
        private SmtpClientAuthentication smtpClientAuthentication = SmtpClientAuthentication.FOLLOW_TENANT;
        private boolean mfaRequired;
        private final Set<String> sendAs = new LinkedHashSet<>();
        private final Set<String> sendOnBehalf = new LinkedHashSet<>();
        private final Set<String> fullAccess = new LinkedHashSet<>();
        private long maxSendSize = DEFAULT_MAX_SEND_SIZE;
        private long maxReceiveSize = DEFAULT_MAX_RECEIVE_SIZE;

        private Builder(String address) {
            this.address = address;
        }

        public Builder displayName(String value) {
            displayName = value;
            return this;
        }

        public Builder alias(String... values) {
            aliases.addAll(List.of(values));
            return this;
        }

        public Builder aliases(Collection<String> values) {
            aliases.clear();
            aliases.addAll(values);
            return this;
        }

        public Builder password(String value) {
            password = value;
            return this;
        }

        public Builder appPassword(String... values) {
            appPasswords.addAll(List.of(values));
            return this;
        }

        public Builder appPasswords(Collection<String> values) {
            appPasswords.clear();
            appPasswords.addAll(values);
            return this;
        }

        /** Marks the mailbox shared, which also blocks its own sign-in (no password). */
        public Builder shared(boolean value) {
            shared = value;
            if (value) {
                password = null;
            }
            return this;
        }

        public Builder imapEnabled(boolean value) {
            imapEnabled = value;
            return this;
        }

        public Builder popEnabled(boolean value) {
            popEnabled = value;
            return this;
        }

        public Builder smtpClientAuthentication(SmtpClientAuthentication value) {
            smtpClientAuthentication = value;
            return this;
        }

        public Builder mfaRequired(boolean value) {
            mfaRequired = value;
            return this;
        }

        public Builder sendAs(String... trustees) {
            sendAs.addAll(List.of(trustees));
            return this;
        }

        public Builder sendAs(Collection<String> trustees) {
            sendAs.clear();
            sendAs.addAll(trustees);
            return this;
        }

        public Builder sendOnBehalf(String... trustees) {
            sendOnBehalf.addAll(List.of(trustees));
            return this;
        }

        public Builder sendOnBehalf(Collection<String> trustees) {
            sendOnBehalf.clear();
            sendOnBehalf.addAll(trustees);
            return this;
        }

        public Builder fullAccess(String... trustees) {
            fullAccess.addAll(List.of(trustees));
            return this;
        }

        public Builder fullAccess(Collection<String> trustees) {
            fullAccess.clear();
            fullAccess.addAll(trustees);
            return this;
        }

        public Builder maxSendSize(long bytes) {
            maxSendSize = bytes;
            return this;
        }

        public Builder maxReceiveSize(long bytes) {
            maxReceiveSize = bytes;
            return this;
        }

        public Mailbox build() {
            return new Mailbox(address, displayName, aliases, shared ? null : password, appPasswords, shared,
                    imapEnabled, popEnabled, smtpClientAuthentication, mfaRequired, sendAs, sendOnBehalf, fullAccess,
                    maxSendSize, maxReceiveSize);
        }
    }
}
