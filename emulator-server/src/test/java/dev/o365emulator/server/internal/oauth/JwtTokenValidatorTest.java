package dev.o365emulator.server.internal.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.tenant.AppRegistration;
import dev.o365emulator.server.internal.tenant.AuthDecision;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.internal.tenant.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JwtTokenValidatorTest {

    private static final SigningKey KEY = SigningKey.forDirectory(CertificateBundle.shared().directory());
    private static final String TID = DefaultTenant.TENANT_ID.toString();

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final Tenant tenant = Tenant.withDefaults(clock);
    private final IdentityPlatform platform = new IdentityPlatform(tenant, KEY, new ConfiguredTokens());
    private final TokenValidator validator = platform.validator();

    private String adeleToken(String... scopes) {
        return platform.issueToken(DefaultTenant.ADELE, List.of(scopes));
    }

    @Test
    void acceptsADelegatedTokenForTheProtocolItsScopeNames() {
        String token = adeleToken("IMAP.AccessAsUser.All", "SMTP.Send");
        assertThat(validator.validate(Protocol.IMAP, token)).isEqualTo(new TokenDecision.Accepted(DefaultTenant.ADELE));
        assertThat(validator.validate(Protocol.SMTP, token)).isEqualTo(new TokenDecision.Accepted(DefaultTenant.ADELE));
    }

    @Test
    void aDelegatedTokenWithoutTheProtocolsScopeAuthenticatesButDoesNotConnect() {
        String token = adeleToken("SMTP.Send");
        assertThat(validator.validate(Protocol.IMAP, token)).isEqualTo(new TokenDecision.NotConnected(
                DefaultTenant.ADELE, "token lacks the scope IMAP.AccessAsUser.All"));
        assertThat(validator.validate(Protocol.POP3, token)).isInstanceOf(TokenDecision.NotConnected.class);
    }

    @Test
    void anAppOnlyTokenNamesTheServicePrincipalAndNeedsTheProtocolsRole() {
        String all = platform.issueAppToken(DefaultTenant.APP_CLIENT_ID);
        String imapOnly = platform.issueAppToken(DefaultTenant.APP_CLIENT_ID, List.of("IMAP.AccessAsApp"));
        String none = platform.issueAppToken(DefaultTenant.APP_CLIENT_ID, List.of());
        String sp = DefaultTenant.APP_SERVICE_PRINCIPAL_ID;
        assertThat(validator.validate(Protocol.SMTP, all)).isEqualTo(new TokenDecision.Accepted(sp));
        assertThat(validator.validate(Protocol.IMAP, imapOnly)).isEqualTo(new TokenDecision.Accepted(sp));
        assertThat(validator.validate(Protocol.POP3, imapOnly)).isEqualTo(new TokenDecision.NotConnected(sp,
                "token lacks the application permission POP.AccessAsApp"));
        assertThat(validator.validate(Protocol.IMAP, none)).isInstanceOf(TokenDecision.NotConnected.class);
    }

    @Test
    void theTenantLetsAServicePrincipalOpenOnlyMailboxesItHasFullAccessOn() {
        String sp = "11111111-2222-4333-8444-555555555555";
        tenant.update(b -> b.app(new AppRegistration("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", "limited", List.of("s"),
                false, Set.of(), Set.of("IMAP.AccessAsApp"), sp, Set.of(DefaultTenant.INFO))));
        assertThat(tenant.authenticateToken(Protocol.IMAP, sp, DefaultTenant.INFO))
                .isInstanceOf(AuthDecision.Allowed.class);
        assertThat(tenant.authenticateToken(Protocol.IMAP, sp, DefaultTenant.ADELE))
                .isEqualTo(new AuthDecision.Refused(AuthDecision.Reason.BAD_CREDENTIALS));
        assertThat(tenant.authenticateToken(Protocol.IMAP, DefaultTenant.APP_SERVICE_PRINCIPAL_ID, DefaultTenant.ADELE))
                .isEqualTo(new AuthDecision.Allowed(tenant.settings().mailbox(DefaultTenant.ADELE).orElseThrow(),
                        tenant.settings().mailbox(DefaultTenant.ADELE).orElseThrow()));
    }

    @Test
    void rejectsATokenThatIsNotAJwt() {
        assertThat(validator.validate(Protocol.IMAP, "not-a-token"))
                .isEqualTo(new TokenDecision.Rejected("malformed token"));
    }

    @Test
    void rejectsATokenWithATamperedPayload() {
        String[] parts = adeleToken("IMAP.AccessAsUser.All").split("\\.");
        String forged = parts[0] + "." + com.nimbusds.jose.util.Base64URL.encode(
                "{\"upn\":\"alex@contoso.com\"}").toString() + "." + parts[2];
        assertThat(validator.validate(Protocol.IMAP, forged)).isEqualTo(new TokenDecision.Rejected("invalid signature"));
    }

    @Test
    void rejectsATokenSignedWithAnotherKey() throws Exception {
        var other = new RSAKeyGenerator(2048).keyID(KEY.keyId()).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.keyId()).build(),
                claims().build());
        jwt.sign(new RSASSASigner(other));
        assertThat(validator.validate(Protocol.IMAP, jwt.serialize()))
                .isEqualTo(new TokenDecision.Rejected("invalid signature"));
    }

    @Test
    void rejectsAnotherIssuer() throws Exception {
        assertThat(validator.validate(Protocol.IMAP, sign(claims().issuer("https://evil.example/" + TID + "/"))))
                .isEqualTo(new TokenDecision.Rejected("invalid issuer https://evil.example/" + TID + "/"));
    }

    @Test
    void acceptsTheV2IssuerToo() throws Exception {
        assertThat(validator.validate(Protocol.IMAP, sign(claims().issuer(TokenIssuer.v2Issuer(TID)))))
                .isEqualTo(new TokenDecision.Accepted(DefaultTenant.ADELE));
    }

    @Test
    void rejectsATokenOfAnotherTenant() throws Exception {
        String other = UUID.randomUUID().toString();
        assertThat(validator.validate(Protocol.IMAP, sign(claims().issuer(TokenIssuer.v1Issuer(other))
                .claim("tid", other)))).isEqualTo(new TokenDecision.Rejected("token of another tenant " + other));
    }

    @Test
    void rejectsAGraphTokenForItsAudience() throws Exception {
        assertThat(validator.validate(Protocol.IMAP, sign(claims().audience("https://graph.microsoft.com"))))
                .isEqualTo(new TokenDecision.Rejected("invalid audience [https://graph.microsoft.com]"));
    }

    @Test
    void rejectsATokenOnceTheClockPassesItsExpiry() {
        String token = adeleToken("IMAP.AccessAsUser.All");
        assertThat(platform.expiresAt(token)).contains(clock.instant().plus(Duration.ofHours(1)));
        assertThat(validator.expiresAt(token)).contains(clock.instant().plus(Duration.ofHours(1)));
        assertThat(validator.expiresAt("opaque")).isEmpty();
        clock.advance(Duration.ofMinutes(59));
        assertThat(validator.validate(Protocol.IMAP, token)).isInstanceOf(TokenDecision.Accepted.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(validator.validate(Protocol.IMAP, token)).isEqualTo(new TokenDecision.Rejected("token expired"));
    }

    @Test
    void rejectsATokenNotValidYetBeyondFiveMinutesOfSkew() throws Exception {
        Instant later = clock.instant().plus(Duration.ofMinutes(6));
        assertThat(validator.validate(Protocol.IMAP, sign(claims().notBeforeTime(Date.from(later)))))
                .isEqualTo(new TokenDecision.Rejected("token not yet valid"));
    }

    @Test
    void rejectsATokenOfADeletedAppRegistration() {
        String token = adeleToken("IMAP.AccessAsUser.All");
        tenant.update(b -> b.removeApp(DefaultTenant.APP_CLIENT_ID));
        assertThat(validator.validate(Protocol.IMAP, token))
                .isEqualTo(new TokenDecision.Rejected("unknown application " + DefaultTenant.APP_CLIENT_ID));
    }

    @Test
    void registeredOpaqueTokensStillWorkBesideJwts() {
        platform.registeredTokens().register("opaque-token", DefaultTenant.ALEX);
        assertThat(validator.validate(Protocol.POP3, "opaque-token"))
                .isEqualTo(new TokenDecision.Accepted(DefaultTenant.ALEX));
        assertThat(validator.validate(Protocol.POP3, "other")).isEqualTo(new TokenDecision.Rejected("malformed token"));
    }

    @Test
    void theSigningKeyIsCachedInTheDirectoryAndReadBack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        SigningKey created = SigningKey.forDirectory(dir);
        assertThat(dir.resolve(SigningKey.FILE_NAME)).isRegularFile();
        assertThat(created.jwk().getKeyID()).isEqualTo(created.keyId());
        assertThat(KEY.publicJwkSet().getKeys()).singleElement().satisfies(k -> assertThat(k.isPrivate()).isFalse());
    }

    private JWTClaimsSet.Builder claims() {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().audience(ExchangePermissions.DELEGATED_AUDIENCE)
                .issuer(TokenIssuer.v1Issuer(TID)).claim("tid", TID).claim("appid", DefaultTenant.APP_CLIENT_ID)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("upn", DefaultTenant.ADELE).claim("scp", "IMAP.AccessAsUser.All");
    }

    private static String sign(JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(KEY.keyId()).build(), claims.build());
        jwt.sign(new RSASSASigner(KEY.jwk()));
        return jwt.serialize();
    }
}
