package dev.o365emulator.server.internal.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.scenarios.tenant.TenantSection;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.tenant.AuthDecision;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.internal.tenant.Tenant;
import dev.o365emulator.server.internal.tenant.TenantSectionMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioAppsTest {

    @Test
    void aScenariosAppRegistrationIssuesAppTokensLimitedToItsFullAccessMailboxes() {
        Tenant tenant = new Tenant(TenantSectionMapper.toSettings(TenantSection.parse("""
                apps:
                  - clientId: 2F1B0C3E-5A6D-4E7F-8A9B-0C1D2E3F4A5B
                    displayName: Mail Fetcher
                    secrets: [s3cret~value]
                    applicationPermissions: [IMAP.AccessAsApp]
                    fullAccess: [info@contoso.com]
                """)), MutableClock.at("2026-03-01T10:00:00Z"));
        IdentityPlatform platform = new IdentityPlatform(tenant,
                SigningKey.forDirectory(CertificateBundle.shared().directory()), new ConfiguredTokens());
        assertThat(tenant.settings().app(DefaultTenant.APP_CLIENT_ID)).isPresent();

        IdentityResponse r = platform.tokenEndpoint().token("contoso.com", Map.of("grant_type", "client_credentials",
                "client_id", "2f1b0c3e-5a6d-4e7f-8a9b-0c1d2e3f4a5b", "client_secret", "s3cret~value",
                "scope", "https://outlook.office365.com/.default"), null);
        assertThat(r.status()).isEqualTo(200);
        String token = (String) r.json().get("access_token");
        TokenDecision imap = platform.validator().validate(Protocol.IMAP, token);
        assertThat(imap).isInstanceOf(TokenDecision.Accepted.class);
        assertThat(platform.validator().validate(Protocol.POP3, token)).isInstanceOf(TokenDecision.NotConnected.class);
        String sp = ((TokenDecision.Accepted) imap).subject();
        assertThat(tenant.authenticateToken(Protocol.IMAP, sp, DefaultTenant.INFO)).isInstanceOf(AuthDecision.Allowed.class);
        assertThat(tenant.authenticateToken(Protocol.IMAP, sp, DefaultTenant.ADELE))
                .isEqualTo(new AuthDecision.Refused(AuthDecision.Reason.BAD_CREDENTIALS));
    }
}
