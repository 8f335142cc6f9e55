package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.o365emulator.codec.sasl.XOAuth2Exchange;
import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.tenant.AppRegistration;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.LineClient;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.o365emulator.server.internal.oauth.XOAuth2Clients.connect;
import static dev.o365emulator.server.internal.oauth.XOAuth2Clients.resign;
import static dev.o365emulator.server.internal.oauth.XOAuth2Clients.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every way an XOAUTH2 token fails, on SMTP 587, IMAP 993 and POP3 995, asserted as Angus Mail reports
 * it: {@code 535 5.7.3 Authentication unsuccessful [trailer]}, {@code AUTHENTICATE failed.},
 * {@code Authentication failure: unknown user name or bad password.}; IMAP's OK-then-BAD for a token
 * without the IMAP scope; and scenario rules forcing these with a good token.
 */
class XOAuth2RejectionIT {

    private static final String ADELE = DefaultTenant.ADELE;
    private static final List<String> ALL_SCOPES = List.of("IMAP.AccessAsUser.All", "POP.AccessAsUser.All",
            "SMTP.Send");
    private static final String LIMITED_APP = "0b5e55ed-0365-4e11-a0c0-00000000a001";
    private static final String LIMITED_SP = "0b5e55ed-0365-4e11-a0c0-00000000b001";
    private static final MutableClock CLOCK = new MutableClock(Instant.now());

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.clock(CLOCK).endpoints(Endpoint.SUBMISSION, Endpoint.IMAPS, Endpoint.POP3S));

    /** A token that must not log {@code user} in, for one reason. */
    enum Failure {
        EXPIRED, WRONG_AUDIENCE, OTHER_TENANT, BAD_SIGNATURE, APP_DELETED, ANOTHER_USERS_TOKEN,
        APP_WITHOUT_FULL_ACCESS
    }

    private record Attempt(String user, String token) {}

    private static Attempt attempt(Failure failure) throws Exception {
        String adeles = emulator.oauth().issueToken(ADELE, ALL_SCOPES);
        var key = emulator.oauth().signingKey().jwk();
        return switch (failure) {
            case EXPIRED -> {
                // A real token, and the emulator's clock moved past its exp.
                CLOCK.advance(emulator.oauth().tokenLifetime());
                yield new Attempt(ADELE, adeles);
            }
            case WRONG_AUDIENCE -> new Attempt(ADELE, resign(adeles, key,
                    c -> c.audience("https://graph.microsoft.com")));
            case OTHER_TENANT -> {
                String other = "72f988bf-86f1-41af-91ab-2d7cd011db47";
                yield new Attempt(ADELE, resign(adeles, key,
                        c -> c.claim("tid", other).issuer("https://sts.windows.net/" + other + "/")));
            }
            case BAD_SIGNATURE -> new Attempt(ADELE, resign(adeles,
                    new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate(), c -> c));
            case APP_DELETED -> {
                registerLimitedApp();
                String token = emulator.oauth().issueToken(LIMITED_APP, ADELE, ALL_SCOPES);
                emulator.tenant().update(t -> t.removeApp(LIMITED_APP));
                yield new Attempt(ADELE, token);
            }
            // Adele has FullAccess on info@ only: Megan's mailbox is not hers to open.
            case ANOTHER_USERS_TOKEN -> new Attempt(DefaultTenant.MEGAN, adeles);
            case APP_WITHOUT_FULL_ACCESS -> {
                registerLimitedApp();
                yield new Attempt(DefaultTenant.MEGAN, emulator.oauth().issueAppToken(LIMITED_APP));
            }
        };
    }

    /** An app whose service principal has FullAccess on Adele's mailbox only. */
    private static void registerLimitedApp() {
        emulator.tenant().update(t -> t.app(new AppRegistration(LIMITED_APP, "Limited", List.of(), true,
                Set.copyOf(ALL_SCOPES), Set.of("IMAP.AccessAsApp", "POP.AccessAsApp", "SMTP.SendAsApp"), LIMITED_SP,
                Set.of(ADELE))));
    }

    static Stream<Arguments> failures() {
        return Stream.of(Failure.values()).flatMap(f -> Stream.of(Protocol.values()).map(p -> Arguments.of(f, p)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("failures")
    void aBadTokenIsRefusedAsOffice365RefusesIt(Failure failure, Protocol protocol) throws Exception {
        Attempt attempt = attempt(failure);
        assertRefused(protocol, attempt.user(), attempt.token());
    }

    private static void assertRefused(Protocol protocol, String user, String token) {
        switch (protocol) {
            case SMTP -> assertThatThrownBy(() -> send(emulator, user, token, ADELE, "never sent"))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageStartingWith("535 5.7.3 Authentication unsuccessful [" + emulator.identity().fqdn() + " ");
            case IMAP -> assertThatThrownBy(() -> connect(emulator, "imaps", user, token).close())
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessage("AUTHENTICATE failed.");
            case POP3 -> assertThatThrownBy(() -> connect(emulator, "pop3s", user, token).close())
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessage("Authentication failure: unknown user name or bad password.");
        }
    }

    @Test
    void aUserTokenWithoutSmtpSendIsRefusedWith535() {
        String token = emulator.oauth().issueToken(ADELE, List.of("IMAP.AccessAsUser.All", "POP.AccessAsUser.All"));
        assertRefused(Protocol.SMTP, ADELE, token);
    }

    @Test
    void aUserTokenWithoutPopScopeIsRefusedWithAuthenticationFailure() {
        String token = emulator.oauth().issueToken(ADELE, List.of("IMAP.AccessAsUser.All", "SMTP.Send"));
        assertRefused(Protocol.POP3, ADELE, token);
    }

    @Test
    void aUserTokenWithoutImapScopeLogsInButTheMailboxIsNotConnected() throws Exception {
        String token = emulator.oauth().issueToken(ADELE, List.of("POP.AccessAsUser.All", "SMTP.Send"));
        try (Store store = connect(emulator, "imaps", ADELE, token)) {
            Folder inbox = store.getFolder("INBOX");
            assertThatThrownBy(() -> inbox.open(Folder.READ_ONLY))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining("User is authenticated but not connected.");
        }
    }

    @Test
    void theWireShowsOkThenBadForAnImapTokenWithoutImapScope() throws Exception {
        String token = emulator.oauth().issueAppToken(DefaultTenant.APP_CLIENT_ID, List.of("POP.AccessAsApp"));
        try (LineClient imap = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                emulator.certificates().clientSslContext(), "outlook.office365.com")) {
            imap.readLine();
            imap.send("a1 AUTHENTICATE XOAUTH2 " + XOAuth2Exchange.clientResponse(ADELE, token));
            assertThat(imap.readLine()).isEqualTo("a1 OK AUTHENTICATE completed.");
            imap.send("a2 SELECT INBOX");
            assertThat(imap.readLine()).isEqualTo("a2 BAD User is authenticated but not connected.");
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aTokenExpiredRuleRefusesAGoodTokenAsAnExpiredOne(Protocol protocol) throws Exception {
        emulator.useScenario(ScenarioLoader.parse("""
                name: tokens-expire
                extends: office365
                rules:
                  - id: token-expired-at-login
                    when: { stage: auth, mechanism: XOAUTH2 }
                    then: { preset: token-expired }
                """, "tokens-expire.yaml"));
        String good = emulator.oauth().issueToken(ADELE, ALL_SCOPES);
        assertRefused(protocol, ADELE, good);
        SessionRecord last = emulator.journal().sessions().get(emulator.journal().sessions().size() - 1);
        assertThat(last.ruleIds()).contains("token-expired-at-login");

        emulator.useScenario(Scenario.office365());
        try (Store store = connect(emulator, "imaps", ADELE, good)) {
            assertThat(store.isConnected()).isTrue();
        }
    }

    @Test
    void aTokenMissingScopeRuleGivesImapsOkThenBadWithAGoodToken() throws Exception {
        emulator.useScenario(ScenarioLoader.parse("""
                name: no-imap-scope
                extends: office365
                rules:
                  - id: scope-missing
                    when: { protocol: imap, stage: auth, mechanism: XOAUTH2, user: "adele@*" }
                    then: { preset: token-missing-scope }
                """, "no-imap-scope.yaml"));
        String good = emulator.oauth().issueToken(ADELE, ALL_SCOPES);
        try (Store store = connect(emulator, "imaps", ADELE, good)) {
            assertThatThrownBy(() -> store.getFolder("INBOX").open(Folder.READ_ONLY))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining("User is authenticated but not connected.");
        }
    }

    @Test
    void aTokenInvalidRuleForOneUserLeavesOthersAlone() throws Exception {
        emulator.useScenario(ScenarioLoader.parse("""
                name: megan-token-invalid
                extends: office365
                rules:
                  - id: megan-invalid
                    when: { stage: auth, mechanism: XOAUTH2, user: megan@contoso.com }
                    then: { preset: token-invalid }
                """, "megan-token-invalid.yaml"));
        String app = emulator.oauth().issueAppToken(DefaultTenant.APP_CLIENT_ID);
        assertRefused(Protocol.POP3, DefaultTenant.MEGAN, app);
        try (Store store = connect(emulator, "pop3s", ADELE, app)) {
            assertThat(store.isConnected()).isTrue();
        }
    }
}
