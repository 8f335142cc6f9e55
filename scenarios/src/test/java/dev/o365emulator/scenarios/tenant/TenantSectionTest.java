package dev.o365emulator.scenarios.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TenantSectionTest {

    @Test
    void readsEveryKnobFromYaml() {
        TenantSection s = TenantSection.parse("""
                tenantId: 11111111-2222-3333-4444-555555555555
                acceptedDomains: [contoso.com]
                includeDefaultMailboxes: false
                smtpClientAuthenticationDisabled: true
                securityDefaults: true
                basicAuth: {smtp: allowed, imap: blocked, pop3: blocked}
                popDeleteBehaviour: keepCopy
                catchAll: create
                limits: {maxRecipientsPerMessage: 100, messagesPerMinute: 10, recipientsPerDay: 1000,
                         concurrentSubmissions: 1, imapConnectionsPerMailbox: 4, mailboxQuota: 2 GB}
                mailboxes:
                  - address: ops@contoso.com
                    displayName: Ops
                    password: S3cret!ops
                    appPasswords: [abcdabcdabcdabcd]
                    aliases: [operations@contoso.com]
                    shared: false
                    imapEnabled: false
                    popEnabled: true
                    smtpClientAuthentication: disabled
                    mfaRequired: true
                    sendAs: [a@contoso.com]
                    sendOnBehalf: [b@contoso.com]
                    fullAccess: [c@contoso.com]
                    maxSendSize: 10 MB
                    maxReceiveSize: 1048576
                groups:
                  - {address: sales@contoso.com, members: [ops@contoso.com]}
                """);
        assertThat(s.securityDefaults()).isTrue();
        assertThat(s.basicAuth()).isEqualTo(new BasicAuthSpec(BasicAuthSpec.Setting.ALLOWED,
                BasicAuthSpec.Setting.BLOCKED, BasicAuthSpec.Setting.BLOCKED));
        assertThat(s.popDeleteBehaviour()).isEqualTo(TenantSection.PopDelete.KEEP_COPY);
        assertThat(s.limits().concurrentSubmissions()).isEqualTo(new Limit(1));
        assertThat(s.limits().mailboxQuota().bytes()).isEqualTo(2L * 1024 * 1024 * 1024);
        MailboxSpec m = s.mailboxes().get(0);
        assertThat(m.smtpClientAuthentication()).isEqualTo(MailboxSpec.SmtpAuth.DISABLED);
        assertThat(m.maxSendSize().bytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(m.maxReceiveSize().bytes()).isEqualTo(1_048_576L);
        assertThat(m.fullAccess()).containsExactly("c@contoso.com");
        assertThat(s.groups().get(0).members()).containsExactly("ops@contoso.com");
    }

    @Test
    void readsJsonToo() {
        TenantSection s = TenantSection.parse("""
                {"securityDefaults": false, "mailboxes": [{"address": "x@contoso.com", "popEnabled": false}]}
                """);
        assertThat(s.mailboxes().get(0).popEnabled()).isFalse();
        assertThat(s.mailboxes().get(0).aliases()).as("absent list stays absent").isNull();
    }

    @Test
    void unknownKeyIsAnErrorWithLineAndColumn() {
        assertThatThrownBy(() -> TenantSection.parse("""
                securityDefaults: true
                mailboxes:
                  - address: x@contoso.com
                    imapEnabeld: false
                """))
                .isInstanceOfSatisfying(TenantSectionException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.column()).isGreaterThan(0);
                    assertThat(e.getMessage()).contains("imapEnabeld").contains("line 4");
                });
    }

    @Test
    void badValuesAreErrorsWithTheirLocation() {
        assertThatThrownBy(() -> TenantSection.parse("popDeleteBehaviour: sometimes"))
                .isInstanceOfSatisfying(TenantSectionException.class, e -> assertThat(e.line()).isEqualTo(1));
        assertThatThrownBy(() -> TenantSection.parse("mailboxes: [{address: a@b.c, maxSendSize: lots}]"))
                .isInstanceOf(TenantSectionException.class).hasMessageContaining("not a size");
        assertThatThrownBy(() -> TenantSection.parse("mailboxes: [{password: x}]"))
                .isInstanceOf(TenantSectionException.class).hasMessageContaining("address");
        assertThatThrownBy(() -> TenantSection.parse("securityDefaults: true\nsecurityDefaults: false"))
                .isInstanceOf(TenantSectionException.class);
    }

    @Test
    void everyLimitAndSizeTakesUnlimited() {
        TenantSection s = TenantSection.parse("""
                limits: {maxRecipientsPerMessage: unlimited, messagesPerMinute: Unlimited, recipientsPerDay: unlimited,
                         concurrentSubmissions: unlimited, imapConnectionsPerMailbox: unlimited, mailboxQuota: unlimited}
                mailboxes:
                  - {address: ops@contoso.com, maxSendSize: unlimited, maxReceiveSize: unlimited}
                """);
        LimitsSpec limits = s.limits();
        assertThat(List.of(limits.maxRecipientsPerMessage(), limits.messagesPerMinute(), limits.recipientsPerDay(),
                limits.concurrentSubmissions(), limits.imapConnectionsPerMailbox())).containsOnly(Limit.UNLIMITED)
                .allMatch(Limit::isUnlimited);
        assertThat(limits.mailboxQuota()).isEqualTo(ByteSize.UNLIMITED);
        assertThat(s.mailboxes().get(0).maxSendSize().isUnlimited()).isTrue();
        assertThat(s.mailboxes().get(0).maxReceiveSize()).isEqualTo(ByteSize.UNLIMITED);
        assertThat(TenantSection.parse("limits: {messagesPerMinute: 30}").limits().messagesPerMinute().isUnlimited())
                .isFalse();
    }

    @Test
    void aLimitIsANumberOrUnlimitedNothingElse() {
        assertThatThrownBy(() -> TenantSection.parse("securityDefaults: true\nlimits: {messagesPerMinute: lots}"))
                .isInstanceOfSatisfying(TenantSectionException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageContaining("not a limit: lots");
        assertThatThrownBy(() -> TenantSection.parse("limits: {concurrentSubmissions: 2.5}"))
                .isInstanceOf(TenantSectionException.class);
        assertThatThrownBy(() -> TenantSection.parse("limits: {mailboxQuota: infinite}"))
                .isInstanceOf(TenantSectionException.class).hasMessageContaining("not a size");
    }

    @Test
    void sizesUseExchangeBinaryUnits() {
        assertThat(ByteSize.parse("35 MB").bytes()).isEqualTo(36_700_160L);
        assertThat(ByteSize.parse("150mb").bytes()).isEqualTo(157_286_400L);
        assertThat(ByteSize.parse("512KB").bytes()).isEqualTo(524_288L);
    }
}
