package dev.o365emulator.server.internal.console;

import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.tenant.AppRegistration;
import dev.o365emulator.server.tenant.CatchAll;
import dev.o365emulator.server.tenant.Group;
import dev.o365emulator.server.tenant.Limits;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.tenant.PopDeleteBehaviour;
import dev.o365emulator.server.tenant.TenantSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tenant's settings as JSON, under the names of a scenario file's {@code tenant:} section, so
 * that what {@code GET /api/v1/tenant} shows can be sent back, changed, to {@code PATCH}. Sizes are
 * in bytes. Passwords, app passwords and client secrets are never shown: only whether there are any.
 */
record TenantView(String tenantId, List<String> acceptedDomains, boolean smtpClientAuthenticationDisabled,
        boolean securityDefaults, Map<String, String> basicAuth, String popDeleteBehaviour, String catchAll,
        boolean smtpAuthPlainAllowed, boolean enforceSendAs, LimitsView limits, List<MailboxView> mailboxes,
        List<GroupView> groups, List<AppView> apps, List<HveAccountView> hveAccounts) {

    record LimitsView(int maxRecipientsPerMessage, int messagesPerMinute, int recipientsPerDay,
            int concurrentSubmissions, int imapConnectionsPerMailbox, long mailboxQuota, int hveRecipientsPerDay) {
    }

    /** One High Volume Email account: its address only (never its password). */
    record HveAccountView(String address) {
    }

    /**
     * One mailbox.
     *
     * @param smtpClientAuthentication {@code enabled}, {@code disabled} or {@code tenant}
     * @param hasPassword whether the mailbox can sign in with a password (a shared mailbox cannot)
     * @param appPasswords how many app passwords it has
     */
    record MailboxView(String address, String displayName, List<String> aliases, boolean shared, boolean imapEnabled,
            boolean popEnabled, String smtpClientAuthentication, boolean mfaRequired, List<String> sendAs,
            List<String> sendOnBehalf, List<String> fullAccess, long maxSendSize, long maxReceiveSize,
            boolean hasPassword, int appPasswords) {
    }

    record GroupView(String address, String displayName, List<String> members, List<String> sendAs,
            List<String> sendOnBehalf) {
    }

    /** One app registration; {@code secrets} is how many it has. */
    record AppView(String clientId, String displayName, boolean publicClient, List<String> delegatedPermissions,
            List<String> applicationPermissions, String servicePrincipalId, List<String> fullAccess, int secrets) {
    }

    static TenantView of(TenantSettings t) {
        Limits l = t.limits();
        return new TenantView(t.tenantId().toString(), t.acceptedDomains(), t.smtpClientAuthenticationDisabled(),
                t.securityDefaults(), Map.of(
                        "smtp", t.basicAuthBlocked(Protocol.SMTP) ? "blocked" : "allowed",
                        "imap", t.basicAuthBlocked(Protocol.IMAP) ? "blocked" : "allowed",
                        "pop3", t.basicAuthBlocked(Protocol.POP3) ? "blocked" : "allowed"),
                t.popDeleteBehaviour() == PopDeleteBehaviour.KEEP_COPY ? "keepCopy" : "delete", catchAll(t.catchAll()),
                t.smtpAuthPlainAllowed(), t.enforceSendAs(), new LimitsView(l.maxRecipientsPerMessage(),
                        l.messagesPerMinute(), l.recipientsPerDay(), l.concurrentSubmissions(),
                        l.imapConnectionsPerMailbox(), l.mailboxQuota(), l.hveRecipientsPerDay()),
                t.mailboxes().values().stream().map(TenantView::mailbox).toList(),
                t.groups().values().stream().map(TenantView::group).toList(),
                t.apps().values().stream().map(TenantView::app).toList(),
                t.hveAccounts().keySet().stream().map(HveAccountView::new).toList());
    }

    private static String catchAll(CatchAll c) {
        if (c instanceof CatchAll.RouteTo route) {
            return route.address();
        }
        return c instanceof CatchAll.CreateMailbox ? "create" : "none";
    }

    private static MailboxView mailbox(Mailbox m) {
        String smtp = switch (m.smtpClientAuthentication()) {
            case ENABLED -> "enabled";
            case DISABLED -> "disabled";
            case FOLLOW_TENANT -> "tenant";
        };
        return new MailboxView(m.address(), m.displayName(), sorted(m.aliases()), m.shared(), m.imapEnabled(),
                m.popEnabled(), smtp, m.mfaRequired(), sorted(m.sendAs()), sorted(m.sendOnBehalf()),
                sorted(m.fullAccess()), m.maxSendSize(), m.maxReceiveSize(), m.password() != null,
                m.appPasswords().size());
    }

    private static GroupView group(Group g) {
        return new GroupView(g.address(), g.displayName(), sorted(g.members()), sorted(g.sendAs()),
                sorted(g.sendOnBehalf()));
    }

    private static AppView app(AppRegistration a) {
        return new AppView(a.clientId(), a.displayName(), a.publicClient(), sorted(a.delegatedPermissions()),
                sorted(a.applicationPermissions()), a.servicePrincipalId(), sorted(a.fullAccess()), a.secrets().size());
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
