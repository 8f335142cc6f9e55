package dev.o365emulator.server.internal.tenant;

import dev.o365emulator.scenarios.tenant.TenantSection;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.tenant.CatchAll;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.tenant.Limits;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.tenant.PopDeleteBehaviour;
import dev.o365emulator.server.tenant.TenantSettings;
import org.junit.jupiter.api.Test;

import static dev.o365emulator.server.tenant.DefaultTenant.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantSectionMapperTest {

    @Test
    void sectionIsMergedOverTheDefaultTenant() {
        TenantSettings s = TenantSectionMapper.toSettings(TenantSection.parse("""
                smtpClientAuthenticationDisabled: true
                basicAuth: {imap: blocked}
                popDeleteBehaviour: keepCopy
                limits: {messagesPerMinute: 5}
                mailboxes:
                  - address: adele@contoso.com
                    imapEnabled: false
                  - address: ops@contoso.com
                    password: S3cret!ops
                    smtpClientAuthentication: enabled
                    sendAs: [alex@contoso.com]
                    maxSendSize: 10 MB
                groups:
                  - address: sales@contoso.com
                    members: [adele@contoso.com]
                catchAll: info@contoso.com
                """));
        assertThat(s.smtpClientAuthenticationDisabled()).isTrue();
        assertThat(s.basicAuthBlocked()).containsExactly(Protocol.IMAP);
        assertThat(s.popDeleteBehaviour()).isEqualTo(PopDeleteBehaviour.KEEP_COPY);
        assertThat(s.limits().messagesPerMinute()).isEqualTo(5);
        assertThat(s.limits().recipientsPerDay()).isEqualTo(10_000);
        Mailbox adele = s.mailbox(ADELE).orElseThrow();
        assertThat(adele.imapEnabled()).isFalse();
        assertThat(adele.password()).isEqualTo(ADELE_PASSWORD);
        assertThat(adele.aliases()).contains("adele.vance@contoso.com");
        Mailbox ops = s.mailbox("ops@contoso.com").orElseThrow();
        assertThat(ops.maxSendSize()).isEqualTo(10L * 1024 * 1024);
        assertThat(ops.sendAs()).containsExactly(ALEX);
        assertThat(s.catchAll()).isEqualTo(new CatchAll.RouteTo(INFO));

        Tenant tenant = new Tenant(s, MutableClock.at("2026-03-01T10:00:00Z"));
        assertThat(tenant.authenticateBasic(Protocol.SMTP, "ops@contoso.com", "S3cret!ops"))
                .isInstanceOf(AuthDecision.Allowed.class);
        assertThat(tenant.authenticateBasic(Protocol.SMTP, ALEX, ALEX_PASSWORD))
                .isEqualTo(new AuthDecision.Refused(AuthDecision.Reason.SMTP_AUTH_DISABLED_FOR_TENANT));
        assertThat(tenant.sendAs(s.mailbox(ALEX).orElseThrow(), "ops@contoso.com").allowed()).isTrue();
    }

    @Test
    void unlimitedLiftsEachLimitAndMessageSize() {
        TenantSettings s = TenantSectionMapper.toSettings(TenantSection.parse("""
                limits: {maxRecipientsPerMessage: unlimited, messagesPerMinute: unlimited, recipientsPerDay: unlimited,
                         concurrentSubmissions: unlimited, imapConnectionsPerMailbox: unlimited, mailboxQuota: unlimited,
                         hveRecipientsPerDay: unlimited}
                mailboxes:
                  - {address: adele@contoso.com, maxSendSize: unlimited, maxReceiveSize: unlimited}
                """));
        assertThat(s.limits()).isEqualTo(Limits.NONE);
        assertThat(s.mailbox(ADELE).orElseThrow().maxSendSize()).isEqualTo(Mailbox.UNLIMITED_SIZE);
        assertThat(s.mailbox(ADELE).orElseThrow().maxReceiveSize()).isEqualTo(Mailbox.UNLIMITED_SIZE);
        assertThat(s.mailbox(ALEX).orElseThrow().maxSendSize()).isEqualTo(Mailbox.DEFAULT_MAX_SEND_SIZE);
    }

    @Test
    void aLimitPastTheTenantsRangeIsRefusedUnlessUnlimited() {
        assertThat(TenantSectionMapper.toSettings(TenantSection.parse("limits: {messagesPerMinute: 10000}")).limits()
                .messagesPerMinute()).isEqualTo(10_000);
        assertThatThrownBy(() -> TenantSectionMapper.toSettings(TenantSection.parse("limits: {messagesPerMinute: 10001}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..10000 or unlimited");
    }

    @Test
    void theMailboxQuotaIsOffice365sUnlessTheSectionSetsIt() {
        assertThat(TenantSectionMapper.toSettings(TenantSection.parse("limits: {messagesPerMinute: 5}")).limits()
                .mailboxQuota()).isEqualTo(50L * 1024 * 1024 * 1024).isEqualTo(Limits.DEFAULT_MAILBOX_QUOTA);
        TenantSettings s = TenantSectionMapper.toSettings(TenantSection.parse("limits: {mailboxQuota: 512 KB}"));
        assertThat(s.limits().mailboxQuota()).isEqualTo(512 * 1024);
        assertThat(s.limits().messagesPerMinute()).isEqualTo(Limits.DEFAULT_MESSAGES_PER_MINUTE);
        assertThatThrownBy(() -> TenantSectionMapper.toSettings(TenantSection.parse("limits: {mailboxQuota: 101 GB}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mailboxQuota");
        assertThatThrownBy(() -> TenantSectionMapper.toSettings(TenantSection.parse("limits: {mailboxQuota: 0}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mailboxQuota");
    }

    @Test
    void defaultMailboxesCanBeLeftOut() {
        TenantSettings s = TenantSectionMapper.toSettings(TenantSection.parse("""
                acceptedDomains: [fabrikam.com]
                includeDefaultMailboxes: false
                mailboxes: [{address: bob@fabrikam.com, password: pw}]
                catchAll: create
                """));
        assertThat(s.mailboxes()).containsOnlyKeys("bob@fabrikam.com");
        assertThat(s.groups()).isEmpty();
        assertThat(s.catchAll()).isInstanceOf(CatchAll.CreateMailbox.class);
    }

    @Test
    void smtpAuthPlainIsOffOnOffice365AndOnWhenTheSectionAsks() {
        assertThat(DefaultTenant.settings().smtpAuthPlainAllowed()).isFalse();
        TenantSettings on = TenantSectionMapper.toSettings(TenantSection.parse("smtpAuthPlainAllowed: true"));
        assertThat(on.smtpAuthPlainAllowed()).isTrue();
        assertThat(on.toBuilder().build().smtpAuthPlainAllowed()).isTrue();
    }

    @Test
    void emptySectionIsTheDefaultTenant() {
        TenantSettings s = TenantSectionMapper.toSettings(TenantSection.parse(""));
        assertThat(s.mailboxes()).isEqualTo(DefaultTenant.settings().mailboxes());
    }

    @Test
    void inconsistentSectionIsRefusedWithTheReason() {
        assertThatThrownBy(() -> TenantSectionMapper.toSettings(TenantSection.parse("catchAll: ghost@contoso.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ghost@contoso.com");
        assertThatThrownBy(() -> TenantSectionMapper.toSettings(TenantSection.parse(
                "mailboxes: [{address: a@contoso.com, maxReceiveSize: 200 MB}]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxReceiveSize");
    }
}
