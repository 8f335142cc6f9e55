package dev.o365emulator.server.internal.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.tenant.AppRegistration;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.internal.tenant.Tenant;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {

    private static final SigningKey KEY = SigningKey.forDirectory(CertificateBundle.shared().directory());
    private static final String TID = DefaultTenant.TENANT_ID.toString();
    private static final String EXO = "https://outlook.office.com/";

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final Tenant tenant = Tenant.withDefaults(clock);
    private final IdentityPlatform platform = new IdentityPlatform(tenant, KEY, new ConfiguredTokens());
    private final TokenEndpoint endpoint = platform.tokenEndpoint();

    private static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    private IdentityResponse clientCredentials(String tenantSegment, String secret, String scope) {
        return endpoint.token(tenantSegment, form("grant_type", "client_credentials", "client_id",
                DefaultTenant.APP_CLIENT_ID, "client_secret", secret, "scope", scope), null);
    }

    private IdentityResponse password(String user, String password, String scope) {
        return endpoint.token(TID, form("grant_type", "password", "client_id", DefaultTenant.APP_CLIENT_ID,
                "username", user, "password", password, "scope", scope), null);
    }

    private void assertError(IdentityResponse r, int status, String error, String description) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.json()).containsEntry("error", error);
        assertThat((String) r.json().get("error_description")).startsWith(description)
                .containsPattern("\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: "
                        + clock.instant().toString().replace('T', ' ') + "$");
        assertThat(r.json()).containsKeys("error_codes", "timestamp", "trace_id", "correlation_id", "error_uri");
    }

    @Test
    void clientCredentialsGiveAnAppOnlyExchangeTokenWithTheGrantedRoles() throws Exception {
        IdentityResponse r = clientCredentials("contoso.com", DefaultTenant.APP_SECRET,
                "https://outlook.office365.com/.default");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).containsEntry("token_type", "Bearer").containsEntry("expires_in", 3600L)
                .doesNotContainKeys("refresh_token", "id_token");
        var claims = SignedJWT.parse((String) r.json().get("access_token")).getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly("https://outlook.office365.com");
        assertThat(claims.getIssuer()).isEqualTo("https://sts.windows.net/" + TID + "/");
        assertThat(claims.getStringListClaim("roles")).containsExactly("IMAP.AccessAsApp", "POP.AccessAsApp",
                "SMTP.SendAsApp");
        assertThat(claims.getClaim("oid")).isEqualTo(DefaultTenant.APP_SERVICE_PRINCIPAL_ID);
        assertThat(claims.getClaim("appid")).isEqualTo(DefaultTenant.APP_CLIENT_ID);
        assertThat(platform.validator().validate(Protocol.POP3, (String) r.json().get("access_token")))
                .isEqualTo(new TokenDecision.Accepted(DefaultTenant.APP_SERVICE_PRINCIPAL_ID));
    }

    @Test
    void aWrongClientSecretIsAADSTS7000215() {
        assertError(clientCredentials(TID, "wrong", "https://outlook.office365.com/.default"), 401, "invalid_client",
                "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the"
                        + " client secret value, not the client secret ID, for a secret added to app '"
                        + DefaultTenant.APP_CLIENT_ID + "'.");
    }

    @Test
    void clientCredentialsWithoutASecretAreAADSTS7000218() {
        assertError(endpoint.token(TID, form("grant_type", "client_credentials", "client_id",
                DefaultTenant.APP_CLIENT_ID, "scope", "https://outlook.office365.com/.default"), null), 401,
                "invalid_client", "AADSTS7000218: The request body must contain the following parameter:"
                        + " 'client_assertion' or 'client_secret'.");
    }

    @Test
    void theSecretMayComeInABasicAuthorizationHeader() {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((DefaultTenant.APP_CLIENT_ID + ":"
                + java.net.URLEncoder.encode(DefaultTenant.APP_SECRET, java.nio.charset.StandardCharsets.UTF_8))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(endpoint.token(TID, form("grant_type", "client_credentials", "scope",
                "https://outlook.office365.com/.default"), basic).status()).isEqualTo(200);
    }

    @Test
    void anUnknownClientIsAADSTS700016() {
        assertError(endpoint.token(TID, form("grant_type", "client_credentials", "client_id",
                "00000000-0000-0000-0000-000000000001", "client_secret", "x", "scope",
                "https://outlook.office365.com/.default"), null), 400, "unauthorized_client",
                "AADSTS700016: Application with identifier '00000000-0000-0000-0000-000000000001' was not found in"
                        + " the directory '" + TID + "'.");
    }

    @Test
    void anUnknownTenantIsAADSTS90002() {
        assertError(clientCredentials("fabrikam.com", DefaultTenant.APP_SECRET, "https://outlook.office365.com/.default"),
                400, "invalid_request", "AADSTS90002: Tenant 'fabrikam.com' not found.");
    }

    @Test
    void clientCredentialsNeedADotDefaultScope() {
        assertError(clientCredentials(TID, DefaultTenant.APP_SECRET, EXO + "IMAP.AccessAsUser.All"), 400,
                "invalid_scope", "AADSTS1002012: The provided value for scope " + EXO + "IMAP.AccessAsUser.All is not"
                        + " valid. Client credential flows must have a scope value with /.default suffixed");
    }

    @Test
    void anUnknownResourceIsAADSTS500011() {
        assertError(clientCredentials(TID, DefaultTenant.APP_SECRET, "https://unknown.example/.default"), 400,
                "invalid_resource", "AADSTS500011: The resource principal named https://unknown.example was not found");
    }

    @Test
    void passwordGrantGivesADelegatedTokenIdTokenAndRefreshToken() throws Exception {
        IdentityResponse r = password("Adele@Contoso.com", DefaultTenant.ADELE_PASSWORD,
                EXO + "IMAP.AccessAsUser.All " + EXO + "SMTP.Send openid profile offline_access");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).containsEntry("scope", EXO + "IMAP.AccessAsUser.All " + EXO + "SMTP.Send openid profile")
                .containsKeys("refresh_token", "id_token", "client_info");
        var access = SignedJWT.parse((String) r.json().get("access_token")).getJWTClaimsSet();
        assertThat(access.getAudience()).containsExactly("https://outlook.office.com");
        assertThat(access.getClaim("upn")).isEqualTo(DefaultTenant.ADELE);
        assertThat(access.getClaim("unique_name")).isEqualTo(DefaultTenant.ADELE);
        assertThat(access.getClaim("scp")).isEqualTo("IMAP.AccessAsUser.All SMTP.Send");
        var id = SignedJWT.parse((String) r.json().get("id_token")).getJWTClaimsSet();
        assertThat(id.getAudience()).containsExactly(DefaultTenant.APP_CLIENT_ID);
        assertThat(id.getIssuer()).isEqualTo("https://login.microsoftonline.com/" + TID + "/v2.0");
        assertThat(id.getClaim("preferred_username")).isEqualTo(DefaultTenant.ADELE);
    }

    @Test
    void aWrongPasswordIsAADSTS50126() {
        assertError(password(DefaultTenant.ADELE, "wrong", EXO + "IMAP.AccessAsUser.All"), 400, "invalid_grant",
                "AADSTS50126: Error validating credentials due to invalid username or password.");
    }

    @Test
    void anAppPasswordDoesNotSignInToTheTokenEndpoint() {
        assertError(password(DefaultTenant.MEGAN, DefaultTenant.MEGAN_APP_PASSWORD, EXO + "SMTP.Send"), 400,
                "invalid_grant", "AADSTS50126:");
    }

    @Test
    void anUnknownUserIsAADSTS50034() {
        assertError(password("nobody@contoso.com", "x", EXO + "SMTP.Send"), 400, "invalid_grant",
                "AADSTS50034: The user account {EUII Hidden} does not exist in the " + TID + " directory.");
    }

    @Test
    void aSharedMailboxCannotSignIn() {
        assertError(password(DefaultTenant.INFO, "x", EXO + "SMTP.Send"), 400, "invalid_grant",
                "AADSTS50057: The user account is disabled.");
    }

    @Test
    void mfaOrSecurityDefaultsAreAADSTS50076AfterACorrectPassword() {
        tenant.updateMailbox(DefaultTenant.ALEX, m -> m.mfaRequired(true));
        assertError(password(DefaultTenant.ALEX, DefaultTenant.ALEX_PASSWORD, EXO + "SMTP.Send"), 400,
                "invalid_grant", "AADSTS50076: Due to a configuration change made by your administrator, or because"
                        + " you moved to a new location, you must use multi-factor authentication to access"
                        + " '00000002-0000-0ff1-ce00-000000000000'.");
        assertError(password(DefaultTenant.ALEX, "wrong", EXO + "SMTP.Send"), 400, "invalid_grant", "AADSTS50126:");
        tenant.reset();
        tenant.update(b -> b.securityDefaults(true));
        assertError(password(DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD, EXO + "SMTP.Send"), 400,
                "invalid_grant", "AADSTS50076:");
    }

    @Test
    void aPermissionTheAppWasNotGrantedIsAADSTS65001() {
        tenant.update(b -> b.app(new AppRegistration("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", "Mail Fetcher",
                List.of(), true, Set.of("POP.AccessAsUser.All"), Set.of(), "11111111-2222-4333-8444-555555555555",
                Set.of())));
        IdentityResponse r = endpoint.token(TID, form("grant_type", "password", "client_id",
                "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", "username", DefaultTenant.ADELE, "password",
                DefaultTenant.ADELE_PASSWORD, "scope", EXO + "IMAP.AccessAsUser.All"), null);
        assertError(r, 400, "invalid_grant", "AADSTS65001: The user or administrator has not consented to use the"
                + " application with ID 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' named 'Mail Fetcher'. Send an"
                + " interactive authorization request for this user and resource.");
        assertThat(r.json()).containsEntry("suberror", "consent_required");
    }

    @Test
    void aConfidentialOnlyAppNeedsItsSecretForPasswordGrants() {
        tenant.update(b -> b.app(new AppRegistration("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", "Daemon",
                List.of("s3cret"), false, Set.of("SMTP.Send"), Set.of(), "11111111-2222-4333-8444-555555555555",
                Set.of())));
        assertError(endpoint.token(TID, form("grant_type", "password", "client_id",
                "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", "username", DefaultTenant.ADELE, "password",
                DefaultTenant.ADELE_PASSWORD, "scope", EXO + "SMTP.Send"), null), 401, "invalid_client",
                "AADSTS7000218:");
    }

    @Test
    void aScopeExchangeDoesNotDefineIsAADSTS650053() {
        assertError(password(DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD, EXO + "Mail.Teleport"), 400,
                "invalid_client", "AADSTS650053: The application 'o365-emulator' asked for scope 'Mail.Teleport' that"
                        + " doesn't exist on the resource '00000002-0000-0ff1-ce00-000000000000'.");
    }

    @Test
    void aBareScopeMeansGraphAndItsTokenIsRefusedByExchange() {
        IdentityResponse r = password(DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD, "IMAP.AccessAsUser.All");
        assertThat(r.status()).isEqualTo(200);
        assertThat(platform.validator().validate(Protocol.IMAP, (String) r.json().get("access_token")))
                .isEqualTo(new TokenDecision.Rejected("invalid audience [https://graph.microsoft.com]"));
    }

    @Test
    void aRefreshTokenGivesANewAccessTokenForTheSameUser() {
        String refresh = (String) password(DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD,
                EXO + "POP.AccessAsUser.All offline_access").json().get("refresh_token");
        clock.advance(Duration.ofHours(2));
        IdentityResponse r = endpoint.token("organizations", form("grant_type", "refresh_token", "client_id",
                DefaultTenant.APP_CLIENT_ID, "refresh_token", refresh), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(platform.validator().validate(Protocol.POP3, (String) r.json().get("access_token")))
                .isEqualTo(new TokenDecision.Accepted(DefaultTenant.ADELE));
        assertError(endpoint.token(TID, form("grant_type", "refresh_token", "client_id", DefaultTenant.APP_CLIENT_ID,
                "refresh_token", "garbage"), null), 400, "invalid_grant",
                "AADSTS9002313: Invalid request. Request is malformed or invalid.");
    }

    @Test
    void theDeviceCodeFlowIsPendingUntilApprovedAndThenIssuesOnce() {
        IdentityResponse start = endpoint.deviceCode("common", form("client_id", DefaultTenant.APP_CLIENT_ID,
                "scope", EXO + "IMAP.AccessAsUser.All offline_access"));
        assertThat(start.status()).isEqualTo(200);
        String deviceCode = (String) start.json().get("device_code");
        String userCode = (String) start.json().get("user_code");
        assertThat((String) start.json().get("message")).isEqualTo("To sign in, use a web browser to open the page"
                + " https://microsoft.com/devicelogin and enter the code " + userCode + " to authenticate.");
        Map<String, String> poll = form("grant_type", TokenEndpoint.DEVICE_CODE_GRANT, "client_id",
                DefaultTenant.APP_CLIENT_ID, "device_code", deviceCode);
        assertError(endpoint.token(TID, poll, null), 400, "authorization_pending",
                "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending. Continue polling.");
        assertThat(platform.approveDeviceCode(userCode, DefaultTenant.MEGAN)).isTrue();
        IdentityResponse done = endpoint.token(TID, poll, null);
        assertThat(done.status()).isEqualTo(200);
        assertThat(platform.validator().validate(Protocol.IMAP, (String) done.json().get("access_token")))
                .isEqualTo(new TokenDecision.Accepted(DefaultTenant.MEGAN));
        assertError(endpoint.token(TID, poll, null), 400, "invalid_grant", "AADSTS70000:");
    }

    @Test
    void anUnapprovedDeviceCodeExpiresAfterFifteenMinutes() {
        String deviceCode = (String) endpoint.deviceCode(TID, form("client_id", DefaultTenant.APP_CLIENT_ID,
                "scope", EXO + "SMTP.Send")).json().get("device_code");
        clock.advance(Duration.ofMinutes(15));
        assertError(endpoint.token(TID, form("grant_type", TokenEndpoint.DEVICE_CODE_GRANT, "client_id",
                DefaultTenant.APP_CLIENT_ID, "device_code", deviceCode), null), 400, "expired_token",
                "AADSTS70020: The provided value for the input parameter 'device_code' is not valid. This device code"
                        + " has expired.");
    }

    @Test
    void missingAndUnsupportedGrantTypesAreRefused() {
        assertError(endpoint.token(TID, form("client_id", DefaultTenant.APP_CLIENT_ID), null), 400, "invalid_request",
                "AADSTS900144: The request body must contain the following parameter: 'grant_type'.");
        assertError(endpoint.token(TID, form("grant_type", "implicit", "client_id", DefaultTenant.APP_CLIENT_ID), null),
                400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type 'implicit'.");
    }
}
