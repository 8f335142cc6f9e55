package dev.o365emulator.server.internal.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.scenarios.tenant.TenantSection;
import dev.o365emulator.server.tenant.BasicAuthSmtpSubmission;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.tenant.HveAccount;
import dev.o365emulator.server.tenant.Limits;
import dev.o365emulator.server.tenant.TenantSettings;
import org.junit.jupiter.api.Test;

/**
 * High Volume Email accounts in the tenant model: from a scenario's section, validated, deciding logins
 * apart from mailboxes, and counted against their own daily recipients; and the SendAs switch.
 */
class HveAccountsTest {

    private static final String SECTION = """
            hveAccounts:
              - { address: Notify@Contoso.com, password: Hve!Notify1 }
            enforceSendAs: false
            limits: { hveRecipientsPerDay: 3 }
            """;

    @Test
    void theSectionAddsAccountsTheSendAsSwitchAndTheLimit() {
        TenantSettings s = TenantSectionMapper.toSettings(TenantSection.parse(SECTION));
        assertThat(s.hveAccounts()).containsOnlyKeys("notify@contoso.com");
        assertThat(s.hveAccount("NOTIFY@contoso.com")).isPresent();
        assertThat(s.enforceSendAs()).isFalse();
        assertThat(s.limits().hveRecipientsPerDay()).isEqualTo(3);
        assertThat(s.limits().recipientsPerDay()).isEqualTo(Limits.DEFAULT_RECIPIENTS_PER_DAY);
        assertThat(s.mailbox("notify@contoso.com")).as("an HVE account is no mailbox").isEmpty();

        TenantSettings defaults = DefaultTenant.settings();
        assertThat(defaults.hveAccounts()).isEmpty();
        assertThat(defaults.enforceSendAs()).isTrue();
        assertThat(defaults.limits().hveRecipientsPerDay()).isEqualTo(100_000);
    }

    @Test
    void anAccountMayNotTakeAMailboxAddressNorExceedOffice365sTwenty() {
        assertThatThrownBy(() -> TenantSectionMapper.toSettings(TenantSection.parse(
                "hveAccounts: [{address: adele@contoso.com, password: x}]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already a mailbox");
        TenantSettings.Builder b = DefaultTenant.settings().toBuilder();
        for (int i = 0; i < TenantSettings.MAX_HVE_ACCOUNTS; i++) {
            b.hveAccount(new HveAccount("app" + i + "@contoso.com", "pw"));
        }
        assertThat(b.build().hveAccounts()).hasSize(20);
        b.hveAccount(new HveAccount("one-more@contoso.com", "pw"));
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20");
        assertThatThrownBy(() -> TenantSection.parse("hveAccounts: [{address: a@contoso.com}]"))
                .hasMessageContaining("password");
    }

    @Test
    void theAccountsPasswordNeverShows() {
        assertThat(new HveAccount("a@contoso.com", "S3cret!").toString()).doesNotContain("S3cret");
    }

    @Test
    void onlyHveAccountsSignInOnHveWhateverTheBasicAuthKnobsSay() {
        Tenant tenant = new Tenant(TenantSectionMapper.toSettings(TenantSection.parse(SECTION)),
                MutableClock.at("2027-03-01T10:00:00Z"));
        tenant.update(t -> t.basicAuthSmtpSubmission(BasicAuthSmtpSubmission.RETIRED).securityDefaults(true)
                .smtpClientAuthenticationDisabled(true));
        assertThat(tenant.authenticateHve("notify@contoso.com", "Hve!Notify1"))
                .isInstanceOfSatisfying(AuthDecision.Allowed.class,
                        a -> assertThat(a.mailbox().address()).isEqualTo("notify@contoso.com"));
        assertThat(tenant.authenticateHve("notify@contoso.com", "wrong")).isEqualTo(badCredentials());
        assertThat(tenant.authenticateHve(DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD)).isEqualTo(badCredentials());
        assertThat(tenant.authenticateHve(null, null)).isEqualTo(badCredentials());
        assertThat(tenant.authenticateHveToken("notify@contoso.com", "notify@contoso.com"))
                .isInstanceOf(AuthDecision.Allowed.class);
        assertThat(tenant.authenticateHveToken(DefaultTenant.ADELE, DefaultTenant.ADELE)).isEqualTo(badCredentials());
        assertThat(tenant.authenticateHveToken("notify@contoso.com", DefaultTenant.ADELE)).isEqualTo(badCredentials());
        // And not on the ordinary endpoints: the account has no mailbox.
        tenant.update(t -> t.basicAuthSmtpSubmission(BasicAuthSmtpSubmission.ALLOWED).securityDefaults(false)
                .smtpClientAuthenticationDisabled(false));
        assertThat(tenant.authenticateBasic(dev.o365emulator.server.Protocol.SMTP, "notify@contoso.com",
                "Hve!Notify1")).isEqualTo(badCredentials());
    }

    @Test
    void anHveAccountCountsAgainstItsOwnDailyLimit() {
        Tenant tenant = new Tenant(TenantSectionMapper.toSettings(TenantSection.parse(SECTION)),
                MutableClock.at("2026-03-01T10:00:00Z"));
        SubmissionLimiter limiter = tenant.submissions();
        assertThat(limiter.admit("notify@contoso.com", 3, true)).isInstanceOf(SubmissionDecision.Admitted.class);
        assertThat(limiter.admit("notify@contoso.com", 1, true)).isEqualTo(
                new SubmissionDecision.Refused(SubmissionDecision.Limit.RECIPIENTS_PER_DAY));
        // A mailbox's quota is the tenant's 10,000.
        assertThat(limiter.admit(DefaultTenant.ADELE, 4, false)).isInstanceOf(SubmissionDecision.Admitted.class);
    }

    @Test
    void withoutEnforcementAnUngrantedSenderIsAllowedAndGrantsStillDecideFirst() {
        Tenant tenant = Tenant.withDefaults(MutableClock.at("2026-03-01T10:00:00Z"));
        var adele = tenant.settings().mailbox(DefaultTenant.ADELE).orElseThrow();
        var alex = tenant.settings().mailbox(DefaultTenant.ALEX).orElseThrow();
        assertThat(tenant.sendAs(adele, "someone@example.com")).isInstanceOf(SendDecision.Denied.class);
        tenant.update(t -> t.enforceSendAs(false));
        assertThat(tenant.sendAs(adele, "someone@example.com")).isInstanceOf(SendDecision.SendAs.class);
        assertThat(tenant.sendAs(alex, DefaultTenant.MEGAN)).as("Alex's SendOnBehalf grant")
                .isInstanceOf(SendDecision.SendOnBehalf.class);
    }

    private static AuthDecision badCredentials() {
        return new AuthDecision.Refused(AuthDecision.Reason.BAD_CREDENTIALS);
    }
}
