package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.tenant.AppRegistration;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.tenant.HveAccount;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.internal.tenant.Tenant;
import dev.o365emulator.server.tenant.TenantSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The emulator's offline Microsoft identity platform: issues tokens over HTTPS (see
 * {@link IdentityHttpHandler}) and directly to tests, and validates XOAUTH2 bearer tokens.
 *
 * <pre>{@code
 * String token = emulator.oauth().issueToken("adele@contoso.com", List.of("IMAP.AccessAsUser.All"));
 * String app = emulator.oauth().issueAppToken(DefaultTenant.APP_CLIENT_ID);
 * String authority = emulator.oauth().authority();   // https://127.0.0.1:<port>/<tenant id>
 * }</pre>
 *
 * <p>{@link #validator()} checks this platform's JWTs first and then the opaque tokens registered in
 * {@link #registeredTokens()}.
 */
public final class IdentityPlatform {

    private final Tenant tenant;
    private final SigningKey key;
    private final TokenIssuer issuer;
    private final JwtTokenValidator jwtValidator;
    private final TokenEndpoint tokenEndpoint;
    private final ConfiguredTokens registeredTokens;
    private final TokenValidator validator;
    private final TokenExpiryChecks expiryChecks = new TokenExpiryChecks();
    private volatile InetSocketAddress address;

    public IdentityPlatform(Tenant tenant, SigningKey key, ConfiguredTokens registeredTokens) {
        this.tenant = Objects.requireNonNull(tenant);
        this.key = Objects.requireNonNull(key);
        this.registeredTokens = Objects.requireNonNull(registeredTokens);
        this.issuer = new TokenIssuer(key, tenant);
        this.jwtValidator = new JwtTokenValidator(key, tenant);
        this.tokenEndpoint = new TokenEndpoint(tenant, issuer, jwtValidator);
        this.validator = new CompositeTokenValidator(List.of(jwtValidator, registeredTokens), expiryChecks);
    }

    /** JWTs of this platform first, then {@link #registeredTokens()}: what the mail sessions ask. */
    public TokenValidator validator() {
        return validator;
    }

    /** Opaque tokens registered per user, accepted on every protocol. */
    public ConfiguredTokens registeredTokens() {
        return registeredTokens;
    }

    /** The signing key (its public half is served as the JWKS). */
    public SigningKey signingKey() {
        return key;
    }

    TokenEndpoint tokenEndpoint() {
        return tokenEndpoint;
    }

    /** How long new access tokens last (an hour by default). */
    public Duration tokenLifetime() {
        return issuer.lifetime();
    }

    /** Makes new access tokens last {@code lifetime}, e.g. a minute to test expiry with the clock. */
    public IdentityPlatform tokenLifetime(Duration lifetime) {
        issuer.lifetime(lifetime);
        return this;
    }

    /**
     * A delegated access token for {@code user} through the default app, with these Exchange
     * permissions in {@code scp} (e.g. {@code IMAP.AccessAsUser.All}); no consent or password check.
     */
    public String issueToken(String user, Collection<String> permissions) {
        return issueToken(defaultApp().clientId(), user, permissions);
    }

    /** A delegated access token for {@code user} through the app {@code clientId}. */
    public String issueToken(String clientId, String user, Collection<String> permissions) {
        return issueToken(clientId, user, permissions, issuer.lifetime());
    }

    /**
     * A delegated access token for {@code user} through the default app, expiring {@code lifetime} from
     * now; a negative lifetime gives a token that expired that long ago.
     */
    public String issueToken(String user, Collection<String> permissions, Duration lifetime) {
        return issueToken(defaultApp().clientId(), user, permissions, lifetime);
    }

    private String issueToken(String clientId, String user, Collection<String> permissions, Duration lifetime) {
        TenantSettings s = tenant.settings();
        AppRegistration app = app(s, clientId);
        // A High Volume Email account signs in with OAuth too; it is a user of the directory, with no mailbox.
        Mailbox mailbox = s.mailbox(user).or(() -> s.hveAccount(user).map(HveAccount::asSender))
                .orElseThrow(() -> new IllegalArgumentException("no mailbox " + user));
        return issuer.delegated(app, mailbox, ExchangePermissions.DELEGATED_AUDIENCE, List.copyOf(permissions), false,
                lifetime).value();
    }

    /** An app-only access token for the app, carrying every application permission it was granted. */
    public String issueAppToken(String clientId) {
        AppRegistration app = app(tenant.settings(), clientId);
        return issueAppToken(clientId, app.applicationPermissions().stream().sorted().toList());
    }

    /** An app-only access token for the app carrying exactly these {@code roles}. */
    public String issueAppToken(String clientId, Collection<String> roles) {
        return issueAppToken(clientId, roles, issuer.lifetime());
    }

    /** An app-only access token for the app with these {@code roles}, expiring {@code lifetime} from now (negative: expired). */
    public String issueAppToken(String clientId, Collection<String> roles, Duration lifetime) {
        return issuer.appOnly(app(tenant.settings(), clientId), ExchangePermissions.APP_AUDIENCE, List.copyOf(roles),
                lifetime).value();
    }

    /** When a token of this platform expires; empty for a token it would reject anyway. */
    public Optional<Instant> expiresAt(String bearerToken) {
        return jwtValidator.expiresAt(bearerToken);
    }

    /**
     * Runs the sessions' token-expiry checks now instead of at their timers: a test that advanced a
     * mutable clock ({@code Emulator.builder().clock(...)}) past a token's {@code exp} calls this to
     * see an IMAP session in IDLE end with {@code * BYE Session invalidated - AccessTokenExpired}.
     */
    public void checkTokenExpiry() {
        expiryChecks.runNow();
    }

    /** Signs {@code user} in for a pending device code, as the user would in a browser. */
    public boolean approveDeviceCode(String userCode, String user) {
        return tokenEndpoint.approveDeviceCode(userCode, user);
    }

    private AppRegistration defaultApp() {
        TenantSettings s = tenant.settings();
        return s.app(DefaultTenant.APP_CLIENT_ID).or(() -> s.apps().values().stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("the tenant has no app registration"));
    }

    private static AppRegistration app(TenantSettings s, String clientId) {
        return s.app(clientId).orElseThrow(() -> new IllegalArgumentException("no app registration " + clientId));
    }

    /** Where the HTTPS listener is, once bound; set by the emulator. */
    public void bound(InetSocketAddress listening) {
        this.address = listening;
    }

    /** The HTTPS listener's address. */
    public InetSocketAddress address() {
        InetSocketAddress a = address;
        if (a == null) {
            throw new IllegalStateException("the identity endpoint is not started");
        }
        return a;
    }

    public int port() {
        return address().getPort();
    }

    /** The authority clients use: {@code https://127.0.0.1:<port>/<tenant id>}. */
    public String authority() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return "https://" + host + ":" + a.getPort() + "/" + tenant.settings().tenantId();
    }

    /** The answer to a request that cannot be decoded (a bad percent-escape), in Microsoft's JSON shape. */
    IdentityResponse malformedRequest(String correlationId) {
        return new IdentityResponse(400, AadError.malformedRequest().body(tenant.clock().instant(), correlationId));
    }

    IdentityResponse openIdConfiguration(String host, String tenantSegment) {
        TenantSettings s = tenant.settings();
        if (!TokenEndpoint.knowsTenant(s, tenantSegment)) {
            return new IdentityResponse(400, AadError.tenantNotFound(tenantSegment).body(tenant.clock().instant(),
                    null));
        }
        boolean multi = tenantSegment.equalsIgnoreCase("common") || tenantSegment.equalsIgnoreCase("organizations");
        // Microsoft's multi-tenant documents literally say {tenantid}; tenant-specific ones name the tenant
        String tid = multi ? "{tenantid}" : s.tenantId().toString();
        String base = "https://" + host + "/" + tenantSegment;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("token_endpoint", base + "/oauth2/v2.0/token");
        json.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt",
                "client_secret_basic"));
        json.put("jwks_uri", base + "/discovery/v2.0/keys");
        json.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        json.put("subject_types_supported", List.of("pairwise"));
        json.put("id_token_signing_alg_values_supported", List.of("RS256"));
        json.put("response_types_supported", List.of("code", "id_token", "code id_token", "id_token token"));
        json.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        json.put("issuer", TokenIssuer.v2Issuer(tid));
        json.put("request_uri_parameter_supported", false);
        json.put("userinfo_endpoint", "https://graph.microsoft.com/oidc/userinfo");
        json.put("authorization_endpoint", base + "/oauth2/v2.0/authorize");
        json.put("device_authorization_endpoint", base + "/oauth2/v2.0/devicecode");
        json.put("http_logout_supported", true);
        json.put("frontchannel_logout_supported", true);
        json.put("end_session_endpoint", base + "/oauth2/v2.0/logout");
        json.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "nbf", "name", "oid",
                "preferred_username", "tid", "ver"));
        json.put("tenant_region_scope", "NA");
        json.put("cloud_instance_name", "microsoftonline.com");
        json.put("cloud_graph_host_name", "graph.windows.net");
        json.put("msgraph_host", "graph.microsoft.com");
        json.put("rbac_url", "https://pas.windows.net");
        return new IdentityResponse(200, json);
    }

    IdentityResponse keys(String tenantSegment) {
        return new IdentityResponse(200, key.publicJwkSet().toJSONObject(true));
    }

    /**
     * MSAL's instance discovery: the emulator is its own cloud, with the host the client used as the
     * only alias, so MSAL keeps talking to it.
     */
    IdentityResponse instanceDiscovery(String host, String authorizationEndpoint) {
        String tenantSegment = "common";
        if (authorizationEndpoint != null) {
            String[] parts = authorizationEndpoint.replaceFirst("^https?://[^/]+/", "").split("/");
            if (parts.length > 0 && !parts[0].isEmpty()) {
                tenantSegment = parts[0];
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tenant_discovery_endpoint", "https://" + host + "/" + tenantSegment
                + "/v2.0/.well-known/openid-configuration");
        json.put("api-version", "1.1");
        json.put("metadata", List.of(Map.of("preferred_network", host, "preferred_cache", host,
                "aliases", List.of(host))));
        return new IdentityResponse(200, json);
    }

    /** MSAL's home realm discovery: every accepted domain is managed (passwords checked here, no federation). */
    IdentityResponse userRealm(String user) {
        TenantSettings s = tenant.settings();
        int at = user.lastIndexOf('@');
        String domain = at < 0 ? "" : user.substring(at + 1);
        boolean managed = at > 0 && s.isAcceptedDomain(domain);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ver", "1.0");
        json.put("account_type", managed ? "Managed" : "Unknown");
        if (managed) {
            json.put("domain_name", domain.toLowerCase(java.util.Locale.ROOT));
        }
        json.put("cloud_instance_name", "microsoftonline.com");
        json.put("cloud_audience_urn", "urn:federation:MicrosoftOnline");
        return new IdentityResponse(200, json);
    }
}
