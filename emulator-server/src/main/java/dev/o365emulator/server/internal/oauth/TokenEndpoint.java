package dev.o365emulator.server.internal.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.o365emulator.server.tenant.AppRegistration;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.internal.tenant.Tenant;
import dev.o365emulator.server.tenant.TenantSettings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The grants of {@code /{tenant}/oauth2/v2.0/token} and the device code endpoint, independent of
 * HTTP: client credentials, resource owner password (ROPC), refresh token and device code.
 *
 * <p>Order of the checks follows Entra ID: tenant, grant type, client id and registration, client
 * secret, then the grant itself (user, password, policies), then scopes and consent.
 *
 * <p>Over 400 lines because the four grants share their checks in Entra ID's order; split per grant, that
 * order would be repeated in each.
 */
public final class TokenEndpoint {

    static final int MAX_SCOPES = 32;
    static final int MAX_PENDING_DEVICE_CODES = 1000;
    static final Duration DEVICE_CODE_LIFETIME = Duration.ofMinutes(15);
    /** Microsoft's polling interval for the device code flow. */
    static final int DEVICE_CODE_INTERVAL_SECONDS = 5;
    static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "email", "offline_access");

    private final Tenant tenant;
    private final TokenIssuer issuer;
    private final JwtTokenValidator validator;
    private final Map<String, DeviceCode> deviceCodes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public TokenEndpoint(Tenant tenant, TokenIssuer issuer, JwtTokenValidator validator) {
        this.tenant = tenant;
        this.issuer = issuer;
        this.validator = validator;
    }

    /**
     * Answers a token request.
     *
     * @param tenantSegment the {@code {tenant}} of the path
     * @param form the form parameters (first value of each)
     * @param authorization the {@code Authorization} header (client_secret_basic), or null
     */
    public IdentityResponse token(String tenantSegment, Map<String, String> form, String authorization) {
        Instant now = tenant.clock().instant();
        try {
            return new IdentityResponse(200, grant(tenantSegment, form, authorization));
        } catch (Failure f) {
            return new IdentityResponse(f.error.status(), f.error.body(now, form.get("client_request_id")));
        }
    }

    /** Starts a device code flow ({@code /{tenant}/oauth2/v2.0/devicecode}). */
    public IdentityResponse deviceCode(String tenantSegment, Map<String, String> form) {
        Instant now = tenant.clock().instant();
        try {
            TenantSettings s = resolveTenant(tenantSegment);
            AppRegistration app = client(s, form.get("client_id"));
            Scopes scopes = Scopes.parse(required(form, "scope"));
            if (deviceCodes.size() >= MAX_PENDING_DEVICE_CODES) {
                deviceCodes.values().removeIf(d -> d.expires.isBefore(now));
                if (deviceCodes.size() >= MAX_PENDING_DEVICE_CODES) {
                    throw new Failure(AadError.authorizationPending());
                }
            }
            String userCode = userCode();
            String deviceCode = randomToken(48);
            deviceCodes.put(deviceCode, new DeviceCode(userCode, app.clientId(), scopes, now.plus(DEVICE_CODE_LIFETIME),
                    null));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("user_code", userCode);
            json.put("device_code", deviceCode);
            json.put("verification_uri", "https://microsoft.com/devicelogin");
            json.put("expires_in", DEVICE_CODE_LIFETIME.toSeconds());
            json.put("interval", DEVICE_CODE_INTERVAL_SECONDS);
            json.put("message", "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and"
                    + " enter the code " + userCode + " to authenticate.");
            return new IdentityResponse(200, json);
        } catch (Failure f) {
            return new IdentityResponse(f.error.status(), f.error.body(now, null));
        }
    }

    /**
     * Signs a user in for a pending device code, as the user would in a browser (a test hook).
     *
     * @return false when no pending code has this user code or the user is unknown
     */
    public boolean approveDeviceCode(String userCode, String user) {
        Optional<Mailbox> mailbox = lookup(tenant.settings(), user);
        if (userCode == null || mailbox.isEmpty() || mailbox.get().shared()) {
            return false;
        }
        for (Map.Entry<String, DeviceCode> e : deviceCodes.entrySet()) {
            if (e.getValue().userCode.equalsIgnoreCase(userCode.trim()) && e.getValue().user == null) {
                return deviceCodes.replace(e.getKey(), e.getValue(), e.getValue().approvedBy(mailbox.get().address()));
            }
        }
        return false;
    }

    private Map<String, Object> grant(String tenantSegment, Map<String, String> form, String authorization) {
        TenantSettings s = resolveTenant(tenantSegment);
        String grantType = required(form, "grant_type");
        String[] basic = basicCredentials(authorization);
        String clientId = basic != null ? basic[0] : form.get("client_id");
        String secret = basic != null ? basic[1] : form.get("client_secret");
        if (clientId == null || clientId.isBlank()) {
            throw new Failure(AadError.missingParameter("client_id"));
        }
        return switch (grantType) {
            case "client_credentials" -> clientCredentials(s, clientId, secret, form);
            case "password" -> password(s, clientId, secret, form);
            case "refresh_token" -> refresh(s, clientId, secret, form);
            case DEVICE_CODE_GRANT -> device(s, clientId, secret, form);
            default -> throw new Failure(AadError.unsupportedGrant(grantType));
        };
    }

    private Map<String, Object> clientCredentials(TenantSettings s, String clientId, String secret,
            Map<String, String> form) {
        AppRegistration app = client(s, clientId);
        if (secret == null) {
            throw new Failure(AadError.missingSecret());
        }
        authenticateClient(app, secret);
        String requested = required(form, "scope").trim();
        // MSAL adds openid, profile and offline_access to every request; Entra ID ignores them here
        List<String> resourceScopes = new ArrayList<>();
        for (String part : requested.split("\\s+")) {
            if (!OIDC_SCOPES.contains(part.toLowerCase(Locale.ROOT)) && resourceScopes.size() <= MAX_SCOPES) {
                resourceScopes.add(part);
            }
        }
        String scope = String.join(" ", resourceScopes);
        if (resourceScopes.size() != 1 || !scope.endsWith("/.default")) {
            throw new Failure(AadError.clientCredentialsScope(scope));
        }
        String resource = scope.substring(0, scope.length() - "/.default".length());
        if (!ExchangePermissions.EXCHANGE_RESOURCES.contains(resource)) {
            throw new Failure(AadError.unknownResource(resource, s.tenantId().toString()));
        }
        TokenIssuer.AccessToken token = issuer.appOnly(app, ExchangePermissions.APP_AUDIENCE,
                app.applicationPermissions().stream().sorted().toList());
        return tokenJson(token, null, null, null, null);
    }

    private Map<String, Object> password(TenantSettings s, String clientId, String secret, Map<String, String> form) {
        AppRegistration app = client(s, clientId);
        publicOrConfidential(app, secret);
        String username = required(form, "username");
        String password = required(form, "password");
        Mailbox user = signIn(s, username, password);
        Scopes scopes = Scopes.parse(required(form, "scope"));
        return delegated(s, app, user, scopes, secret != null);
    }

    private Map<String, Object> refresh(TenantSettings s, String clientId, String secret, Map<String, String> form) {
        AppRegistration app = client(s, clientId);
        if (secret != null) {
            authenticateClient(app, secret);
        }
        Optional<JWTClaimsSet> claims = validator.readRefreshToken(required(form, "refresh_token"));
        if (claims.isEmpty() || !app.clientId().equals(claims.get().getClaim("appid"))) {
            throw new Failure(AadError.badRefreshToken());
        }
        Optional<Mailbox> user = lookup(s, claims.get().getSubject());
        if (user.isEmpty()) {
            throw new Failure(AadError.unknownUser(s.tenantId().toString()));
        }
        if (user.get().shared()) {
            throw new Failure(AadError.accountDisabled());
        }
        String scope = form.get("scope");
        Object remembered = claims.get().getClaim("scope");
        Scopes scopes = Scopes.parse(scope != null && !scope.isBlank() ? scope
                : remembered instanceof String r ? r : "");
        return delegated(s, app, user.get(), scopes, secret != null);
    }

    private Map<String, Object> device(TenantSettings s, String clientId, String secret, Map<String, String> form) {
        AppRegistration app = client(s, clientId);
        String code = required(form, "device_code");
        DeviceCode pending = deviceCodes.get(code);
        if (pending == null || !pending.clientId.equals(app.clientId())) {
            throw new Failure(AadError.badDeviceCode());
        }
        if (!tenant.clock().instant().isBefore(pending.expires)) {
            deviceCodes.remove(code, pending);
            throw new Failure(AadError.deviceCodeExpired());
        }
        if (pending.user == null) {
            throw new Failure(AadError.authorizationPending());
        }
        deviceCodes.remove(code, pending);
        Mailbox user = lookup(s, pending.user).orElseThrow(() -> new Failure(AadError.unknownUser(
                s.tenantId().toString())));
        return delegated(s, app, user, pending.scopes, secret != null);
    }

    private Map<String, Object> delegated(TenantSettings s, AppRegistration app, Mailbox user, Scopes scopes,
            boolean confidential) {
        String audience;
        List<String> granted = new ArrayList<>();
        if (scopes.resource == null || ExchangePermissions.EXCHANGE_RESOURCES.contains(scopes.resource)) {
            audience = ExchangePermissions.DELEGATED_AUDIENCE;
            for (String p : scopes.permissions) {
                if (p.equals(".default")) {
                    app.delegatedPermissions().stream().sorted().forEach(granted::add);
                } else if (!ExchangePermissions.DELEGATED.contains(p)) {
                    throw new Failure(AadError.scopeNotOnResource(app.displayName(), p));
                } else if (!app.delegatedPermissions().contains(p)) {
                    throw new Failure(AadError.consentRequired(app.clientId(), app.displayName()));
                } else if (!granted.contains(p)) {
                    granted.add(p);
                }
            }
        } else if (scopes.resource.equals(ExchangePermissions.GRAPH_AUDIENCE)) {
            // Graph's consent is not modelled: the token is issued, and Exchange refuses it for its audience,
            // which is the classic mistake of asking for "IMAP.AccessAsUser.All" without the Outlook resource
            audience = ExchangePermissions.GRAPH_AUDIENCE;
            granted.addAll(scopes.permissions);
        } else {
            throw new Failure(AadError.unknownResource(scopes.resource, s.tenantId().toString()));
        }
        TokenIssuer.AccessToken token = issuer.delegated(app, user, audience, granted, confidential);
        String resourcePrefix = audience + "/";
        List<String> echoed = new ArrayList<>();
        granted.forEach(p -> echoed.add(resourcePrefix + p));
        scopes.oidc.stream().filter(o -> !o.equals("offline_access")).forEach(echoed::add);
        String idToken = scopes.oidc.contains("openid") ? issuer.idToken(app, user) : null;
        String refresh = scopes.oidc.contains("offline_access")
                ? issuer.refreshToken(app, user, scopes.asRequested()) : null;
        return tokenJson(token, String.join(" ", echoed), refresh, idToken, issuer.clientInfo(user));
    }

    private Map<String, Object> tokenJson(TokenIssuer.AccessToken token, String scope, String refresh, String idToken,
            String clientInfo) {
        long expiresIn = Math.max(0, Duration.between(tenant.clock().instant(), token.expiresAt()).toSeconds());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("token_type", "Bearer");
        if (scope != null) {
            json.put("scope", scope);
        }
        json.put("expires_in", expiresIn);
        json.put("ext_expires_in", expiresIn);
        json.put("access_token", token.value());
        if (refresh != null) {
            json.put("refresh_token", refresh);
        }
        if (idToken != null) {
            json.put("id_token", idToken);
        }
        if (clientInfo != null) {
            json.put("client_info", clientInfo);
        }
        return json;
    }

    private Mailbox signIn(TenantSettings s, String username, String password) {
        Optional<Mailbox> user = lookup(s, username);
        if (user.isEmpty()) {
            throw new Failure(AadError.unknownUser(s.tenantId().toString()));
        }
        if (user.get().shared()) {
            // Office 365 creates shared mailboxes with their sign-in blocked
            throw new Failure(AadError.accountDisabled());
        }
        // app passwords are for basic auth only; Entra ID does not take them on the token endpoint
        if (user.get().password() == null || !java.security.MessageDigest.isEqual(
                user.get().password().getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))) {
            throw new Failure(AadError.invalidCredentials());
        }
        if (s.securityDefaults() || user.get().mfaRequired()) {
            // ROPC cannot answer an MFA challenge: Entra ID refuses after checking the password
            throw new Failure(AadError.mfaRequired());
        }
        return user.get();
    }

    /** Public client flows need "Allow public client flows" unless the client authenticates. */
    private static void publicOrConfidential(AppRegistration app, String secret) {
        if (secret != null) {
            authenticateClient(app, secret);
        } else if (!app.publicClient()) {
            throw new Failure(AadError.missingSecret());
        }
    }

    private static void authenticateClient(AppRegistration app, String secret) {
        if (!app.checkSecret(secret)) {
            throw new Failure(AadError.invalidSecret(app.clientId()));
        }
    }

    private static AppRegistration client(TenantSettings s, String clientId) {
        if (clientId == null || clientId.isBlank()) {
            throw new Failure(AadError.missingParameter("client_id"));
        }
        return s.app(clientId).orElseThrow(() -> new Failure(AadError.unknownClient(clientId,
                s.tenantId().toString())));
    }

    /** The tenant a path segment names: its id, an accepted domain, {@code common} or {@code organizations}. */
    TenantSettings resolveTenant(String segment) {
        TenantSettings s = tenant.settings();
        if (!knowsTenant(s, segment)) {
            throw new Failure(AadError.tenantNotFound(segment));
        }
        return s;
    }

    static boolean knowsTenant(TenantSettings s, String segment) {
        String t = segment == null ? "" : segment.toLowerCase(Locale.ROOT);
        return t.equals("common") || t.equals("organizations") || t.equals(s.tenantId().toString())
                || s.isAcceptedDomain(t);
    }

    private static Optional<Mailbox> lookup(TenantSettings s, String address) {
        try {
            return s.mailbox(address);
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }

    private static String required(Map<String, String> form, String name) {
        String v = form.get(name);
        if (v == null || v.isEmpty()) {
            throw new Failure(AadError.missingParameter(name));
        }
        return v;
    }

    /** client_secret_basic: {@code Basic base64(urlencode(id):urlencode(secret))}. */
    private static String[] basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String userCode() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder b = new StringBuilder(9);
        for (int i = 0; i < 9; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Requested scopes split into one resource's permissions and the OpenID Connect ones. */
    record Scopes(String resource, List<String> permissions, Set<String> oidc) {

        static Scopes parse(String text) {
            String[] parts = text.trim().isEmpty() ? new String[0] : text.trim().split("\\s+");
            if (parts.length > MAX_SCOPES) {
                throw new Failure(AadError.invalidScope(text));
            }
            String resource = null;
            List<String> permissions = new ArrayList<>();
            Set<String> oidc = new LinkedHashSet<>();
            for (String part : parts) {
                if (OIDC_SCOPES.contains(part.toLowerCase(Locale.ROOT))) {
                    oidc.add(part.toLowerCase(Locale.ROOT));
                    continue;
                }
                int slash = part.lastIndexOf('/');
                String r = slash < 0 ? ExchangePermissions.GRAPH_AUDIENCE : part.substring(0, slash);
                String p = slash < 0 ? part : part.substring(slash + 1);
                if (p.isEmpty() || resource != null && !resource.equals(r)) {
                    // one access token is for one resource; Entra ID refuses mixed requests
                    throw new Failure(AadError.invalidScope(part));
                }
                resource = r;
                permissions.add(p);
            }
            if (resource == null && oidc.isEmpty()) {
                throw new Failure(AadError.missingParameter("scope"));
            }
            return new Scopes(resource, List.copyOf(permissions), java.util.Collections.unmodifiableSet(oidc));
        }

        /** The scopes as a refresh token remembers them. */
        List<String> asRequested() {
            List<String> out = new ArrayList<>();
            permissions.forEach(p -> out.add(resource + "/" + p));
            out.addAll(oidc);
            return out;
        }
    }

    private record DeviceCode(String userCode, String clientId, Scopes scopes, Instant expires, String user) {
        DeviceCode approvedBy(String address) {
            return new DeviceCode(userCode, clientId, scopes, expires, address);
        }
    }

    /** A token request refused; carries the error to answer. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient AadError error;

        Failure(AadError error) {
            super(error.text(), null, false, false);
            this.error = error;
        }
    }
}
