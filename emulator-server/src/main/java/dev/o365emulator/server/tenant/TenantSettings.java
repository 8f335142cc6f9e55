package dev.o365emulator.server.tenant;

import dev.o365emulator.server.Protocol;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One immutable snapshot of every tenant knob; the running tenant swaps whole snapshots atomically.
 *
 * <p>Lookups ({@link #mailbox(String)}, {@link #mailboxByAddressOrAlias(String)}) use an index built
 * once per snapshot. An address (primary or alias) may belong to only one mailbox or group.
 */
public final class TenantSettings {
    public static final int MAX_ACCEPTED_DOMAINS = 100;
    public static final int MAX_MAILBOXES = 100_000;
    public static final int MAX_APPS = 1000;
    /** Office 365's limit on High Volume Email accounts per tenant (in its preview). */
    public static final int MAX_HVE_ACCOUNTS = 20;

    private final UUID tenantId;
    private final List<String> acceptedDomains;
    private final Map<String, Mailbox> mailboxes;
    private final Map<String, Group> groups;
    private final Map<String, Mailbox> byAnyAddress;
    private final boolean smtpClientAuthenticationDisabled;
    private final boolean securityDefaults;
    private final boolean smtpAuthPlainAllowed;
    private final Set<Protocol> basicAuthBlocked;
    private final Limits limits;
    private final PopDeleteBehaviour popDeleteBehaviour;
    private final CatchAll catchAll;
    private final Map<String, AppRegistration> apps;
    private final boolean rejectDirectSend;
    private final BasicAuthSmtpSubmission basicAuthSmtpSubmission;
    private final Map<String, HveAccount> hveAccounts;
    private final boolean enforceSendAs;

    private TenantSettings(Builder b) {
        tenantId = b.tenantId;
        if (b.acceptedDomains.isEmpty() || b.acceptedDomains.size() > MAX_ACCEPTED_DOMAINS) {
            throw new IllegalArgumentException("a tenant needs 1.." + MAX_ACCEPTED_DOMAINS + " accepted domains");
        }
        acceptedDomains = List.copyOf(b.acceptedDomains);
        if (b.mailboxes.size() > MAX_MAILBOXES) {
            throw new IllegalArgumentException("more than " + MAX_MAILBOXES + " mailboxes");
        }
        mailboxes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.mailboxes));
        groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.groups));
        Map<String, Mailbox> index = new HashMap<>();
        for (Mailbox m : mailboxes.values()) {
            claim(index, m.address(), m);
            for (String alias : m.aliases()) {
                claim(index, alias, m);
            }
        }
        for (String g : groups.keySet()) {
            if (index.containsKey(g)) {
                throw new IllegalArgumentException("group address " + g + " is already a mailbox address");
            }
        }
        byAnyAddress = Map.copyOf(index);
        smtpClientAuthenticationDisabled = b.smtpClientAuthenticationDisabled;
        securityDefaults = b.securityDefaults;
        smtpAuthPlainAllowed = b.smtpAuthPlainAllowed;
        basicAuthBlocked = b.basicAuthBlocked.isEmpty() ? Set.of() : Set.copyOf(b.basicAuthBlocked);
        limits = b.limits;
        popDeleteBehaviour = b.popDeleteBehaviour;
        catchAll = b.catchAll;
        if (catchAll instanceof CatchAll.RouteTo r && !mailboxes.containsKey(r.address())) {
            throw new IllegalArgumentException("catch-all target " + r.address() + " is not a mailbox");
        }
        if (b.apps.size() > MAX_APPS) {
            throw new IllegalArgumentException("more than " + MAX_APPS + " app registrations");
        }
        apps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.apps));
        rejectDirectSend = b.rejectDirectSend;
        basicAuthSmtpSubmission = b.basicAuthSmtpSubmission;
        if (b.hveAccounts.size() > MAX_HVE_ACCOUNTS) {
            throw new IllegalArgumentException("more than " + MAX_HVE_ACCOUNTS + " HVE accounts (Office 365's limit)");
        }
        for (String hve : b.hveAccounts.keySet()) {
            // One address, one identity: a login on hve and a recipient lookup must not disagree on whom it names.
            if (index.containsKey(hve) || groups.containsKey(hve)) {
                throw new IllegalArgumentException("HVE account " + hve + " is already a mailbox or group address");
            }
        }
        hveAccounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.hveAccounts));
        enforceSendAs = b.enforceSendAs;
    }

    private static void claim(Map<String, Mailbox> index, String address, Mailbox m) {
        Mailbox previous = index.putIfAbsent(address, m);
        if (previous != null && previous != m) {
            throw new IllegalArgumentException("address " + address + " belongs to both " + previous.address()
                    + " and " + m.address());
        }
    }

    /** An empty builder: one must add accepted domains. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this snapshot's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.tenantId = tenantId;
        b.acceptedDomains.addAll(acceptedDomains);
        b.mailboxes.putAll(mailboxes);
        b.groups.putAll(groups);
        b.smtpClientAuthenticationDisabled = smtpClientAuthenticationDisabled;
        b.securityDefaults = securityDefaults;
        b.smtpAuthPlainAllowed = smtpAuthPlainAllowed;
        b.basicAuthBlocked.addAll(basicAuthBlocked);
        b.limits = limits;
        b.popDeleteBehaviour = popDeleteBehaviour;
        b.catchAll = catchAll;
        b.apps.putAll(apps);
        b.rejectDirectSend = rejectDirectSend;
        b.basicAuthSmtpSubmission = basicAuthSmtpSubmission;
        b.hveAccounts.putAll(hveAccounts);
        b.enforceSendAs = enforceSendAs;
        return b;
    }

    public UUID tenantId() {
        return tenantId;
    }

    /** Accepted domains, lower case; the first is the default domain. */
    public List<String> acceptedDomains() {
        return acceptedDomains;
    }

    /**
     * {@code Set-OrganizationConfig -RejectDirectSend $true}: anonymous mail on the MX whose envelope
     * sender is in an accepted domain is refused (off by default, as in Office 365).
     */
    public boolean rejectDirectSend() {
        return rejectDirectSend;
    }

    /**
     * The basic-auth phase for SMTP client submission set for this tenant, or empty to follow the
     * date (see {@link Tenant#smtpSubmissionPhase()}).
     */
    public Optional<BasicAuthSmtpSubmission> basicAuthSmtpSubmission() {
        return Optional.ofNullable(basicAuthSmtpSubmission);
    }

    /** High Volume Email accounts by address, in configuration order; none by default (HVE is opt-in). */
    public Map<String, HveAccount> hveAccounts() {
        return hveAccounts;
    }

    /** The HVE account with this address. */
    public Optional<HveAccount> hveAccount(String address) {
        try {
            return Optional.ofNullable(hveAccounts.get(Addresses.normalize(address)));
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }

    /**
     * Whether a submission may only use senders the login has a right to (own address or alias, SendAs,
     * SendOnBehalf); Office 365 always checks, hence true. False is not an Office 365 setting: it makes
     * the emulator accept any envelope sender and From address from a signed-in client, as plain test
     * mail servers do (the {@code generic} profile).
     */
    public boolean enforceSendAs() {
        return enforceSendAs;
    }

    public boolean isAcceptedDomain(String domain) {
        return acceptedDomains.contains(domain.toLowerCase(Locale.ROOT));
    }

    /** Mailboxes by primary address, in configuration order. */
    public Map<String, Mailbox> mailboxes() {
        return mailboxes;
    }

    public Map<String, Group> groups() {
        return groups;
    }

    /** The mailbox whose primary address (user principal name) this is; logins use only this. */
    public Optional<Mailbox> mailbox(String address) {
        return Optional.ofNullable(mailboxes.get(Addresses.normalize(address)));
    }

    /** The mailbox owning this primary address or alias. */
    public Optional<Mailbox> mailboxByAddressOrAlias(String address) {
        return Optional.ofNullable(byAnyAddress.get(Addresses.normalize(address)));
    }

    public Optional<Group> group(String address) {
        return Optional.ofNullable(groups.get(Addresses.normalize(address)));
    }

    /** {@code Set-TransportConfig -SmtpClientAuthenticationDisabled}; Office 365's default for new tenants is {@code true}, the emulator's is {@code false} so that it works out of the box. */
    public boolean smtpClientAuthenticationDisabled() {
        return smtpClientAuthenticationDisabled;
    }

    /** Azure AD security defaults, which block every basic (legacy) authentication. */
    public boolean securityDefaults() {
        return securityDefaults;
    }

    /**
     * Not an Office 365 knob: whether SMTP offers and accepts AUTH PLAIN as well as LOGIN and XOAUTH2
     * (the {@code generic} profile). Office 365 answers AUTH PLAIN with {@code 504 5.7.4}, hence false.
     */
    public boolean smtpAuthPlainAllowed() {
        return smtpAuthPlainAllowed;
    }

    /** Protocols whose basic authentication an authentication policy blocks. */
    public Set<Protocol> basicAuthBlocked() {
        return basicAuthBlocked;
    }

    public boolean basicAuthBlocked(Protocol protocol) {
        return basicAuthBlocked.contains(protocol);
    }

    public Limits limits() {
        return limits;
    }

    public PopDeleteBehaviour popDeleteBehaviour() {
        return popDeleteBehaviour;
    }

    public CatchAll catchAll() {
        return catchAll;
    }

    /** App registrations by client id, in configuration order. */
    public Map<String, AppRegistration> apps() {
        return apps;
    }

    /** The app registration with this client id. */
    public Optional<AppRegistration> app(String clientId) {
        return clientId == null ? Optional.empty()
                : Optional.ofNullable(apps.get(clientId.trim().toLowerCase(Locale.ROOT)));
    }

    /** The app registration whose service principal has this object id. */
    public Optional<AppRegistration> appByServicePrincipal(String servicePrincipalId) {
        if (servicePrincipalId == null) {
            return Optional.empty();
        }
        String id = servicePrincipalId.trim().toLowerCase(Locale.ROOT);
        return apps.values().stream().filter(a -> a.servicePrincipalId().equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return "TenantSettings[" + acceptedDomains + ", " + mailboxes.size() + " mailboxes, " + groups.size()
                + " groups]";
    }

    /** Collects tenant settings; defaults are Office 365's except where {@link TenantSettings} says otherwise. */
    public static final class Builder {
        private UUID tenantId = DefaultTenant.TENANT_ID;
        private final List<String> acceptedDomains = new ArrayList<>();
        private final Map<String, Mailbox> mailboxes = new LinkedHashMap<>();
        private final Map<String, Group> groups = new LinkedHashMap<>();
        private boolean smtpClientAuthenticationDisabled;
        private boolean securityDefaults;
        private boolean smtpAuthPlainAllowed;
        private final Set<Protocol> basicAuthBlocked = EnumSet.noneOf(Protocol.class);
        private Limits limits = Limits.DEFAULTS;
        private PopDeleteBehaviour popDeleteBehaviour = PopDeleteBehaviour.DELETE;
        private CatchAll catchAll = CatchAll.NONE;
        private final Map<String, AppRegistration> apps = new LinkedHashMap<>();
        private boolean rejectDirectSend;
        private BasicAuthSmtpSubmission basicAuthSmtpSubmission;
        private final Map<String, HveAccount> hveAccounts = new LinkedHashMap<>();
        private boolean enforceSendAs = true;

        private Builder() {
        }

        /** Adds or replaces (by address) a High Volume Email account. */
        public Builder hveAccount(HveAccount account) {
            hveAccounts.put(account.address(), account);
            return this;
        }

        public Builder removeHveAccount(String address) {
            hveAccounts.remove(Addresses.normalize(address));
            return this;
        }

        public Builder clearHveAccounts() {
            hveAccounts.clear();
            return this;
        }

        /** See {@link TenantSettings#enforceSendAs()}. */
        public Builder enforceSendAs(boolean value) {
            enforceSendAs = value;
            return this;
        }

        public Builder rejectDirectSend(boolean value) {
            rejectDirectSend = value;
            return this;
        }

        /** The phase for SMTP client submission, or null to follow the date. */
        public Builder basicAuthSmtpSubmission(BasicAuthSmtpSubmission value) {
            basicAuthSmtpSubmission = value;
            return this;
        }

        public Builder tenantId(UUID value) {
            tenantId = value;
            return this;
        }

        public Builder acceptedDomains(Collection<String> domains) {
            Set<String> unique = new LinkedHashSet<>();
            for (String d : domains) {
                String n = d.trim().toLowerCase(Locale.ROOT);
                if (n.isEmpty() || n.length() > 253) {
                    throw new IllegalArgumentException("not a domain: " + d);
                }
                unique.add(n);
            }
            acceptedDomains.clear();
            acceptedDomains.addAll(unique);
            return this;
        }

        /** Adds or replaces (by primary address) a mailbox. */
        public Builder mailbox(Mailbox mailbox) {
            mailboxes.put(mailbox.address(), mailbox);
            return this;
        }

        public Builder removeMailbox(String address) {
            mailboxes.remove(Addresses.normalize(address));
            return this;
        }

        public Builder clearMailboxes() {
            mailboxes.clear();
            groups.clear();
            return this;
        }

        /** Adds or replaces (by address) a group. */
        public Builder group(Group group) {
            groups.put(group.address(), group);
            return this;
        }

        public Builder smtpClientAuthenticationDisabled(boolean value) {
            smtpClientAuthenticationDisabled = value;
            return this;
        }

        public Builder securityDefaults(boolean value) {
            securityDefaults = value;
            return this;
        }

        public Builder smtpAuthPlainAllowed(boolean value) {
            smtpAuthPlainAllowed = value;
            return this;
        }

        public Builder basicAuthBlocked(Protocol protocol, boolean blocked) {
            if (blocked) {
                basicAuthBlocked.add(protocol);
            } else {
                basicAuthBlocked.remove(protocol);
            }
            return this;
        }

        public Builder limits(Limits value) {
            limits = value;
            return this;
        }

        public Builder popDeleteBehaviour(PopDeleteBehaviour value) {
            popDeleteBehaviour = value;
            return this;
        }

        public Builder catchAll(CatchAll value) {
            catchAll = value;
            return this;
        }

        /** Adds or replaces (by client id) an app registration. */
        public Builder app(AppRegistration app) {
            apps.put(app.clientId(), app);
            return this;
        }

        public Builder removeApp(String clientId) {
            apps.remove(clientId.trim().toLowerCase(Locale.ROOT));
            return this;
        }

        public Builder clearApps() {
            apps.clear();
            return this;
        }

        public TenantSettings build() {
            return new TenantSettings(this);
        }
    }
}
