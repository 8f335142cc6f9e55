package dev.o365emulator.server.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.scenarios.tenant.TenantSection;
import dev.o365emulator.server.Protocol;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The announced timeline of SMTP basic auth, and the tenant knob that overrides it. */
class BasicAuthSmtpSubmissionTest {

    @Test
    void decemberIsStillAllowedAndTheFirstInstantOf2027IsDisabledByDefault() {
        assertThat(BasicAuthSmtpSubmission.announcedFor(Instant.parse("2026-12-31T23:59:59.999Z")))
                .isEqualTo(BasicAuthSmtpSubmission.ALLOWED);
        assertThat(BasicAuthSmtpSubmission.announcedFor(Instant.parse("2027-01-01T00:00:00Z")))
                .isEqualTo(BasicAuthSmtpSubmission.DISABLED_BY_DEFAULT);
        assertThat(BasicAuthSmtpSubmission.announcedFor(Instant.parse("2030-01-01T00:00:00Z")))
                .isEqualTo(BasicAuthSmtpSubmission.DISABLED_BY_DEFAULT);
    }

    @Test
    void theKnobWinsOverTheDateAndConcernsSmtpOnly() {
        MutableClock clock = MutableClock.at("2027-02-01T00:00:00Z");
        Tenant tenant = new Tenant(TenantSectionMapper.toSettings(TenantSection.parse(
                "basicAuthSmtpSubmission: retired\nrejectDirectSend: true")), clock);
        assertThat(tenant.settings().rejectDirectSend()).isTrue();
        assertThat(tenant.authenticateBasic(Protocol.SMTP, DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD))
                .isEqualTo(new AuthDecision.Refused(AuthDecision.Reason.BASIC_AUTH_RETIRED));
        assertThat(tenant.authenticateBasic(Protocol.IMAP, DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD))
                .isInstanceOf(AuthDecision.Allowed.class);
        tenant.update(b -> b.basicAuthSmtpSubmission(null));
        assertThat(tenant.authenticateBasic(Protocol.SMTP, DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD))
                .as("no date chosen: allowed").isInstanceOf(AuthDecision.Allowed.class);
        tenant.followAnnouncedTimeline(true);
        assertThat(tenant.authenticateBasic(Protocol.SMTP, DefaultTenant.ADELE, "wrong"))
                .as("refused before the password is looked at")
                .isEqualTo(new AuthDecision.Refused(AuthDecision.Reason.BASIC_AUTH_DISABLED));
    }
}
