package dev.o365emulator.server.internal.tenant;

import dev.o365emulator.server.tenant.BasicAuthSmtpSubmission;
import dev.o365emulator.server.tenant.AppRegistration;
import dev.o365emulator.server.tenant.Group;
import dev.o365emulator.scenarios.tenant.AppSpec;
import dev.o365emulator.scenarios.tenant.BasicAuthSpec;
import dev.o365emulator.scenarios.tenant.ByteSize;
import dev.o365emulator.scenarios.tenant.GroupSpec;
import dev.o365emulator.scenarios.tenant.HveAccountSpec;
import dev.o365emulator.scenarios.tenant.Limit;
import dev.o365emulator.scenarios.tenant.LimitsSpec;
import dev.o365emulator.scenarios.tenant.MailboxSpec;
import dev.o365emulator.scenarios.tenant.TenantSection;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.tenant.Addresses;
import dev.o365emulator.server.tenant.CatchAll;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.tenant.HveAccount;
import dev.o365emulator.server.tenant.Limits;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.tenant.PopDeleteBehaviour;
import dev.o365emulator.server.tenant.SmtpClientAuthentication;
import dev.o365emulator.server.tenant.TenantSettings;
import java.util.LinkedHashSet;
import java.util.UUID;

/**
 * Applies a scenario's {@code tenant:} section to tenant settings.
 *
 * <p>Merge, not replace: the section is laid over a base (normally {@link DefaultTenant}), and every
 * absent key keeps the base's value. In detail:
 * <ul>
 *   <li>tenant-wide knobs and each limit: set when present;</li>
 *   <li>{@code includeDefaultMailboxes: false} drops the base's mailboxes and groups first;</li>
 *   <li>a listed mailbox whose address exists in the base is merged into it (absent keys keep its
 *       values, a present list replaces the list); a new one starts from Office 365's defaults;</li>
 *   <li>a listed group replaces the base's group with that address;</li>
 *   <li>{@code catchAll}: {@code create}, {@code none} or the address of an existing mailbox;</li>
 *   <li>a listed HVE account replaces the base's account with that address ({@code includeDefaultMailboxes}
 *       does not touch HVE accounts: they are no mailboxes);</li>
 *   <li>a listed app registration replaces the base's app with that client id; without a
 *       {@code servicePrincipalId} it gets one derived from the client id.</li>
 * </ul>
 */
public final class TenantSectionMapper {
    private TenantSectionMapper() {
    }

    /** The default tenant with the section applied. */
    public static TenantSettings toSettings(TenantSection section) {
        return apply(DefaultTenant.settings(), section);
    }

    /**
     * The base with the section applied.
     *
     * @throws IllegalArgumentException when the result is inconsistent (e.g. an address owned twice, a
     *     size above 150 MB, a catch-all that is not a mailbox)
     */
    public static TenantSettings apply(TenantSettings base, TenantSection section) {
        TenantSettings.Builder b = base.toBuilder();
        if (section.tenantId() != null) {
            b.tenantId(UUID.fromString(section.tenantId()));
        }
        if (section.acceptedDomains() != null) {
            b.acceptedDomains(section.acceptedDomains());
        }
        if (Boolean.FALSE.equals(section.includeDefaultMailboxes())) {
            b.clearMailboxes();
        }
        if (section.smtpClientAuthenticationDisabled() != null) {
            b.smtpClientAuthenticationDisabled(section.smtpClientAuthenticationDisabled());
        }
        if (section.securityDefaults() != null) {
            b.securityDefaults(section.securityDefaults());
        }
        if (section.smtpAuthPlainAllowed() != null) {
            b.smtpAuthPlainAllowed(section.smtpAuthPlainAllowed());
        }
        if (section.rejectDirectSend() != null) {
            b.rejectDirectSend(section.rejectDirectSend());
        }
        if (section.basicAuthSmtpSubmission() != null) {
            b.basicAuthSmtpSubmission(BasicAuthSmtpSubmission.valueOf(section.basicAuthSmtpSubmission().name()));
        }
        if (section.enforceSendAs() != null) {
            b.enforceSendAs(section.enforceSendAs());
        }
        for (HveAccountSpec hve : section.hveAccounts()) {
            b.hveAccount(new HveAccount(hve.address(), hve.password()));
        }
        BasicAuthSpec basic = section.basicAuth();
        if (basic != null) {
            basicAuth(b, Protocol.SMTP, basic.smtp());
            basicAuth(b, Protocol.IMAP, basic.imap());
            basicAuth(b, Protocol.POP3, basic.pop3());
        }
        if (section.limits() != null) {
            b.limits(limits(base.limits(), section.limits()));
        }
        if (section.popDeleteBehaviour() != null) {
            b.popDeleteBehaviour(section.popDeleteBehaviour() == TenantSection.PopDelete.KEEP_COPY
                    ? PopDeleteBehaviour.KEEP_COPY : PopDeleteBehaviour.DELETE);
        }
        TenantSettings withoutMailboxes = b.build();
        for (MailboxSpec spec : section.mailboxes()) {
            Mailbox existing = withoutMailboxes.mailboxes().get(Addresses.normalize(spec.address()));
            b.mailbox(mailbox(existing == null ? Mailbox.builder(spec.address()) : existing.toBuilder(), spec));
        }
        for (GroupSpec g : section.groups()) {
            b.group(new Group(g.address(), g.displayName(), new LinkedHashSet<>(g.members()),
                    new LinkedHashSet<>(g.sendAs()), new LinkedHashSet<>(g.sendOnBehalf())));
        }
        for (AppSpec a : section.apps()) {
            String sp = a.servicePrincipalId() != null ? a.servicePrincipalId()
                    : UUID.nameUUIDFromBytes(("sp:" + a.clientId().trim().toLowerCase(java.util.Locale.ROOT))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
            b.app(new AppRegistration(a.clientId(), a.displayName(), a.secrets(), Boolean.TRUE.equals(a.publicClient()),
                    new LinkedHashSet<>(a.delegatedPermissions()), new LinkedHashSet<>(a.applicationPermissions()), sp,
                    new LinkedHashSet<>(a.fullAccess())));
        }
        if (section.catchAll() != null) {
            String c = section.catchAll().trim();
            if (c.equalsIgnoreCase(TenantSection.CATCH_ALL_CREATE)) {
                b.catchAll(new CatchAll.CreateMailbox());
            } else if (c.equalsIgnoreCase("none")) {
                b.catchAll(CatchAll.NONE);
            } else {
                b.catchAll(new CatchAll.RouteTo(c));
            }
        }
        return b.build();
    }

    private static void basicAuth(TenantSettings.Builder b, Protocol protocol, BasicAuthSpec.Setting setting) {
        if (setting != null) {
            b.basicAuthBlocked(protocol, setting == BasicAuthSpec.Setting.BLOCKED);
        }
    }

    private static Limits limits(Limits base, LimitsSpec s) {
        return new Limits(
                count(s.maxRecipientsPerMessage(), base.maxRecipientsPerMessage()),
                count(s.messagesPerMinute(), base.messagesPerMinute()),
                count(s.recipientsPerDay(), base.recipientsPerDay()),
                count(s.concurrentSubmissions(), base.concurrentSubmissions()),
                count(s.imapConnectionsPerMailbox(), base.imapConnectionsPerMailbox()),
                size(s.mailboxQuota(), base.mailboxQuota()),
                count(s.hveRecipientsPerDay(), base.hveRecipientsPerDay()));
    }

    /** A scenario's count, {@code unlimited} as {@link Limits#UNLIMITED}, or the base's when absent. */
    private static int count(Limit limit, int base) {
        if (limit == null) {
            return base;
        }
        return limit.isUnlimited() ? Limits.UNLIMITED : limit.value();
    }

    /** A scenario's size, {@code unlimited} as {@link Long#MAX_VALUE}, or the base's when absent. */
    private static long size(ByteSize size, long base) {
        return size == null ? base : size.bytes();
    }

    private static Mailbox mailbox(Mailbox.Builder m, MailboxSpec s) {
        if (s.displayName() != null) {
            m.displayName(s.displayName());
        }
        if (s.password() != null) {
            m.password(s.password());
        }
        if (s.appPasswords() != null) {
            m.appPasswords(s.appPasswords());
        }
        if (s.aliases() != null) {
            m.aliases(s.aliases());
        }
        if (s.shared() != null) {
            m.shared(s.shared());
        }
        if (s.imapEnabled() != null) {
            m.imapEnabled(s.imapEnabled());
        }
        if (s.popEnabled() != null) {
            m.popEnabled(s.popEnabled());
        }
        if (s.smtpClientAuthentication() != null) {
            m.smtpClientAuthentication(switch (s.smtpClientAuthentication()) {
                case ENABLED -> SmtpClientAuthentication.ENABLED;
                case DISABLED -> SmtpClientAuthentication.DISABLED;
                case TENANT -> SmtpClientAuthentication.FOLLOW_TENANT;
            });
        }
        if (s.mfaRequired() != null) {
            m.mfaRequired(s.mfaRequired());
        }
        if (s.sendAs() != null) {
            m.sendAs(s.sendAs());
        }
        if (s.sendOnBehalf() != null) {
            m.sendOnBehalf(s.sendOnBehalf());
        }
        if (s.fullAccess() != null) {
            m.fullAccess(s.fullAccess());
        }
        if (s.maxSendSize() != null) {
            m.maxSendSize(size(s.maxSendSize(), Mailbox.DEFAULT_MAX_SEND_SIZE));
        }
        if (s.maxReceiveSize() != null) {
            m.maxReceiveSize(size(s.maxReceiveSize(), Mailbox.DEFAULT_MAX_RECEIVE_SIZE));
        }
        return m.build();
    }
}
