package dev.o365emulator.server.internal.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.o365emulator.server.tenant.AppRegistration;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.internal.tenant.Tenant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints the identity platform's tokens: access tokens for Exchange Online, ID tokens and refresh
 * tokens, signed RS256 with the {@link SigningKey}; times read the tenant's clock.
 *
 * <p><b>Token version.</b> Exchange Online's resource is configured for v1 access tokens, so even
 * the v2 endpoint returns them: {@code iss} is {@code https://sts.windows.net/<tid>/} and
 * {@code ver} is {@code 1.0}, with {@code upn}/{@code unique_name}, {@code appid} and
 * {@code scp} (space separated) or {@code roles}. The validator also accepts the v2 issuer
 * ({@code https://login.microsoftonline.com/<tid>/v2.0}), as Exchange does. ID tokens are v2, as the
 * v2 endpoint returns them.
 *
 * <p>Refresh tokens are opaque to clients (Microsoft's are encrypted); here they are signed JWTs
 * with their own audience, so they need no server-side state and survive a restart with a data
 * directory. They last {@value #REFRESH_DAYS} days, Microsoft's inactivity lifetime.
 */
public final class TokenIssuer {

    /** Microsoft's default access token lifetime is 60–90 minutes; a fixed hour keeps tests deterministic. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    static final int REFRESH_DAYS = 90;
    /** The {@code aud} of refresh tokens: only this emulator reads them. */
    static final String REFRESH_AUDIENCE = "urn:o365-emulator:refresh-token";

    private final SigningKey key;
    private final Tenant tenant;
    private final RSASSASigner signer;
    private volatile Duration lifetime = DEFAULT_LIFETIME;

    public TokenIssuer(SigningKey key, Tenant tenant) {
        this.key = Objects.requireNonNull(key);
        this.tenant = Objects.requireNonNull(tenant);
        try {
            this.signer = new RSASSASigner(key.jwk());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with the OAuth key", e);
        }
    }

    /** How long new access tokens last. */
    public Duration lifetime() {
        return lifetime;
    }

    /** Changes how long new access tokens last (a test may issue short-lived ones). */
    public void lifetime(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("a token lifetime must be positive");
        }
        lifetime = value;
    }

    /** The tenant id tokens carry ({@code tid}). */
    String tenantId() {
        return tenant.settings().tenantId().toString();
    }

    /** v1 issuer, as Exchange's access tokens carry it. */
    static String v1Issuer(String tenantId) {
        return "https://sts.windows.net/" + tenantId + "/";
    }

    /** v2 issuer, as ID tokens and the OpenID configuration carry it. */
    static String v2Issuer(String tenantId) {
        return "https://login.microsoftonline.com/" + tenantId + "/v2.0";
    }

    /** The user's directory object id: stable per tenant and address, as Entra ID's never change. */
    public static String userObjectId(String tenantId, String address) {
        return UUID.nameUUIDFromBytes(("user:" + tenantId + ":" + address).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /**
     * A delegated access token for {@code user} through {@code app}.
     *
     * @param audience {@link ExchangePermissions#DELEGATED_AUDIENCE} normally
     * @param scopes the permission names for {@code scp}, e.g. {@code IMAP.AccessAsUser.All}
     * @param confidential whether the client authenticated with a secret ({@code appidacr} 1)
     */
    public AccessToken delegated(AppRegistration app, Mailbox user, String audience, Collection<String> scopes,
            boolean confidential) {
        return delegated(app, user, audience, scopes, confidential, lifetime);
    }

    /**
     * {@link #delegated(AppRegistration, Mailbox, String, Collection, boolean)} expiring {@code lifetime} from
     * now; a negative lifetime gives a token that expired that long ago (see {@link #issuedAt}).
     */
    public AccessToken delegated(AppRegistration app, Mailbox user, String audience, Collection<String> scopes,
            boolean confidential, Duration lifetime) {
        Instant now = tenant.clock().instant();
        Instant expires = now.plus(lifetime);
        String tid = tenantId();
        String oid = userObjectId(tid, user.address());
        JWTClaimsSet claims = common(audience, v1Issuer(tid), tid, app, issuedAt(now, expires), expires)
                .claim("acr", "1")
                .claim("amr", List.of("pwd"))
                .claim("appidacr", confidential ? "1" : "0")
                .claim("idtyp", "user")
                .claim("name", user.displayName())
                .claim("oid", oid)
                .claim("scp", String.join(" ", scopes))
                .subject(pairwise(oid, app.clientId()))
                .claim("unique_name", user.address())
                .claim("upn", user.address())
                .build();
        return new AccessToken(sign(claims), expires);
    }

    /** An app-only access token (client credentials) carrying {@code roles}. */
    public AccessToken appOnly(AppRegistration app, String audience, Collection<String> roles) {
        return appOnly(app, audience, roles, lifetime);
    }

    /** {@link #appOnly(AppRegistration, String, Collection)} expiring {@code lifetime} from now (negative: expired). */
    public AccessToken appOnly(AppRegistration app, String audience, Collection<String> roles, Duration lifetime) {
        Instant now = tenant.clock().instant();
        Instant expires = now.plus(lifetime);
        String tid = tenantId();
        JWTClaimsSet.Builder claims = common(audience, v1Issuer(tid), tid, app, issuedAt(now, expires), expires)
                .claim("appidacr", "1")
                .claim("idtyp", "app")
                .claim("oid", app.servicePrincipalId())
                .subject(app.servicePrincipalId());
        if (!roles.isEmpty()) {
            // Entra ID leaves the claim out when nothing is granted; Exchange then refuses the login
            claims.claim("roles", new ArrayList<>(roles));
        }
        return new AccessToken(sign(claims.build()), expires);
    }

    /** A v2 ID token for {@code user}, audience the client. */
    public String idToken(AppRegistration app, Mailbox user) {
        Instant now = tenant.clock().instant();
        String tid = tenantId();
        String oid = userObjectId(tid, user.address());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience(app.clientId())
                .issuer(v2Issuer(tid))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(DEFAULT_LIFETIME)))
                .claim("name", user.displayName())
                .claim("oid", oid)
                .claim("preferred_username", user.address())
                .subject(pairwise(oid, app.clientId()))
                .claim("tid", tid)
                .claim("ver", "2.0")
                .build();
        return sign(claims);
    }

    /** MSAL's {@code client_info}: base64url of {@code {"uid":oid,"utid":tid}}, how it keys its account cache. */
    public String clientInfo(Mailbox user) {
        String tid = tenantId();
        String json = "{\"uid\":\"" + userObjectId(tid, user.address()) + "\",\"utid\":\"" + tid + "\"}";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A refresh token remembering the user, client and granted scopes. */
    public String refreshToken(AppRegistration app, Mailbox user, Collection<String> scopes) {
        Instant now = tenant.clock().instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience(REFRESH_AUDIENCE)
                .issuer(v1Issuer(tenantId()))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofDays(REFRESH_DAYS))))
                .subject(user.address())
                .claim("appid", app.clientId())
                .claim("scope", String.join(" ", scopes))
                .claim("tid", tenantId())
                .jwtID(UUID.randomUUID().toString())
                .build();
        return sign(claims);
    }

    /**
     * When a token expiring at {@code expires} was issued: now, unless it has expired already; then as
     * long before its expiry as a token of the default lifetime, as a real token that ran out would
     * have been (an {@code iat} after {@code exp} would be a token no issuer makes).
     */
    static Instant issuedAt(Instant now, Instant expires) {
        return expires.isAfter(now) ? now : expires.minus(DEFAULT_LIFETIME);
    }

    private static JWTClaimsSet.Builder common(String audience, String issuer, String tid, AppRegistration app,
            Instant now, Instant expires) {
        return new JWTClaimsSet.Builder()
                .audience(audience)
                .issuer(issuer)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .claim("app_displayname", app.displayName())
                .claim("appid", app.clientId())
                .claim("tid", tid)
                .claim("uti", UUID.randomUUID().toString().replace("-", "").substring(0, 22))
                .claim("ver", "1.0");
    }

    private static String pairwise(String oid, String clientId) {
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((oid + ":" + clientId).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 43);
    }

    private String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(key.keyId()).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    /** An access token and when it expires. */
    public record AccessToken(String value, Instant expiresAt) {}
}
