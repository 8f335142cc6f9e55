package dev.o365emulator.server.internal.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.tenant.AppRegistration;
import dev.o365emulator.server.internal.tenant.Tenant;
import dev.o365emulator.server.tenant.TenantSettings;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an XOAUTH2 bearer token the way Exchange Online does: a JWT signed by the identity
 * platform's key, issued by this tenant (v1 or v2 issuer), for Exchange's audience, not expired, and
 * carrying the protocol's delegated scope ({@code scp}) or application role ({@code roles}).
 *
 * <p>Order of the checks: format, signature, issuer, tenant, audience, lifetime, client app, then
 * the scope. Everything before the scope gives {@link TokenDecision.Rejected}; a good token without
 * the protocol's scope gives {@link TokenDecision.NotConnected}, which IMAP famously answers with OK
 * and then {@code BAD User is authenticated but not connected.}
 *
 * <p>Expiry is exact ({@code exp} ≤ now is expired, on the emulator's clock) so a test that advances
 * the clock past {@code exp} sees the token fail; {@code nbf} allows {@value #NBF_SKEW_MINUTES}
 * minutes of skew, like Microsoft.IdentityModel's default.
 *
 * <p>Subjects: the {@code upn} of a delegated token; the service principal id ({@code oid}) of an
 * app-only token, which {@code Tenant.authenticateToken} resolves through the app registration.
 */
public final class JwtTokenValidator implements TokenValidator {

    static final int NBF_SKEW_MINUTES = 5;
    /** Longer bearer strings are not looked at: Microsoft's tokens stay well below it. */
    static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final Tenant tenant;
    private final RSASSAVerifier verifier;
    private final String keyId;

    public JwtTokenValidator(SigningKey key, Tenant tenant) {
        this.tenant = Objects.requireNonNull(tenant);
        this.keyId = key.keyId();
        try {
            this.verifier = new RSASSAVerifier(key.jwk().toRSAPublicKey());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot verify with the OAuth key", e);
        }
    }

    @Override
    public TokenDecision validate(Protocol protocol, String bearerToken) {
        Checked checked = check(bearerToken, ExchangePermissions.ACCEPTED_AUDIENCES);
        if (checked.rejection != null) {
            return new TokenDecision.Rejected(checked.rejection);
        }
        JWTClaimsSet claims = checked.claims;
        List<String> roles = stringList(claims, "roles");
        String scp = stringClaim(claims, "scp");
        if (scp == null && "app".equals(stringClaim(claims, "idtyp")) || scp == null && roles != null) {
            String subject = stringClaim(claims, "oid");
            if (subject == null) {
                return new TokenDecision.Rejected("app-only token without oid");
            }
            String role = ExchangePermissions.applicationFor(protocol);
            return roles != null && roles.contains(role) ? new TokenDecision.Accepted(subject)
                    : new TokenDecision.NotConnected(subject, "token lacks the application permission " + role);
        }
        String subject = stringClaim(claims, "upn");
        if (subject == null) {
            subject = stringClaim(claims, "unique_name");
        }
        if (subject == null) {
            return new TokenDecision.Rejected("delegated token without upn");
        }
        String scope = ExchangePermissions.delegatedFor(protocol);
        Set<String> granted = scp == null ? Set.of() : Set.of(scp.trim().split("\\s+"));
        return granted.contains(scope) ? new TokenDecision.Accepted(subject)
                : new TokenDecision.NotConnected(subject, "token lacks the scope " + scope);
    }

    /** When a token this validator would accept for some protocol expires; empty if it is not one. */
    @Override
    public Optional<Instant> expiresAt(String bearerToken) {
        Checked checked = check(bearerToken, ExchangePermissions.ACCEPTED_AUDIENCES);
        return checked.rejection != null ? Optional.empty()
                : Optional.of(checked.claims.getExpirationTime().toInstant());
    }

    /** The claims of a refresh token this emulator issued and that is still good; empty otherwise. */
    Optional<JWTClaimsSet> readRefreshToken(String token) {
        Checked checked = check(token, Set.of(TokenIssuer.REFRESH_AUDIENCE));
        return checked.rejection == null ? Optional.of(checked.claims) : Optional.empty();
    }

    private Checked check(String token, Set<String> audiences) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Checked.rejected("malformed token");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | IllegalArgumentException e) {
            return Checked.rejected("malformed token");
        }
        try {
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !keyId.equals(jwt.getHeader().getKeyID())
                    || !jwt.verify(verifier)) {
                return Checked.rejected("invalid signature");
            }
        } catch (JOSEException e) {
            return Checked.rejected("invalid signature");
        }
        TenantSettings settings = tenant.settings();
        String tid = settings.tenantId().toString();
        String issuer = claims.getIssuer();
        String tokenTenant = stringClaim(claims, "tid");
        if (issuer == null || tokenTenant == null || !(issuer.equals(TokenIssuer.v1Issuer(tokenTenant))
                || issuer.equals(TokenIssuer.v2Issuer(tokenTenant)))) {
            return Checked.rejected("invalid issuer " + issuer);
        }
        if (!tokenTenant.equals(tid)) {
            return Checked.rejected("token of another tenant " + tokenTenant);
        }
        List<String> audience = claims.getAudience();
        if (audience == null || audience.stream().noneMatch(audiences::contains)) {
            return Checked.rejected("invalid audience " + audience);
        }
        Instant now = tenant.clock().instant();
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        if (exp == null || !now.isBefore(exp.toInstant())) {
            return Checked.rejected("token expired");
        }
        if (nbf != null && now.plus(Duration.ofMinutes(NBF_SKEW_MINUTES)).isBefore(nbf.toInstant())) {
            return Checked.rejected("token not yet valid");
        }
        Optional<AppRegistration> app = settings.app(stringClaim(claims, "appid"));
        if (app.isEmpty()) {
            // the app registration was deleted after the token was issued
            return Checked.rejected("unknown application " + stringClaim(claims, "appid"));
        }
        return new Checked(claims, null);
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s ? s : null;
    }

    private static List<String> stringList(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringListClaim(name);
        } catch (ParseException e) {
            return null;
        }
    }

    private record Checked(JWTClaimsSet claims, String rejection) {
        static Checked rejected(String why) {
            return new Checked(null, why);
        }
    }
}
