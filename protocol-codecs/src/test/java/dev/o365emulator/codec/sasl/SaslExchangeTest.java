package dev.o365emulator.codec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SaslExchangeTest {

    private static String b64(String text) {
        return SaslBase64.encode(text);
    }

    private static SaslFailure failureOf(SaslStep step) {
        assertThat(step).isInstanceOf(SaslStep.Failure.class);
        return ((SaslStep.Failure) step).reason();
    }

    private static SaslCredentials credentialsOf(SaslStep step) {
        assertThat(step).isInstanceOf(SaslStep.Success.class);
        return ((SaslStep.Success) step).credentials();
    }

    @Test
    void decodesStrictBase64AndReportsWhatIsWrongWithMalformedInput() {
        assertThat(SaslBase64.decode("dXNlcg==")).isInstanceOfSatisfying(SaslBase64.Decoded.class,
                d -> assertThat(d.utf8()).isEqualTo("user"));
        assertThat(SaslBase64.decode("")).isInstanceOfSatisfying(SaslBase64.Decoded.class,
                d -> assertThat(d.bytes()).isEmpty());
        assertThat(SaslBase64.decode("dXNlcg=")).isInstanceOf(SaslBase64.Malformed.class);
        assertThat(SaslBase64.decode("dXN!cg==")).isInstanceOf(SaslBase64.Malformed.class);
        assertThat(SaslBase64.decode("dX=lcg==")).isInstanceOf(SaslBase64.Malformed.class);
        assertThat(SaslBase64.decode("dXNl cg=")).isInstanceOf(SaslBase64.Malformed.class);
        assertThat(SaslBase64.decode("====")).isInstanceOf(SaslBase64.Malformed.class);
    }

    @Test
    void plainAcceptsAnInitialResponseWithAndWithoutAuthorizationId() {
        assertThat(credentialsOf(SaslMechanism.PLAIN.newExchange().start(b64("\0alice@contoso.com\0s3cret"))))
                .isEqualTo(new PasswordCredentials("", "alice@contoso.com", "s3cret"));
        assertThat(credentialsOf(SaslMechanism.PLAIN.newExchange().start(PlainExchange.clientResponse("shared@c.com", "alice", "pw"))))
                .isEqualTo(new PasswordCredentials("shared@c.com", "alice", "pw"));
    }

    @Test
    void plainSendsAnEmptyChallengeWhenThereIsNoInitialResponse() {
        SaslExchange exchange = SaslMechanism.PLAIN.newExchange();
        SaslStep first = exchange.start();
        assertThat(first).isInstanceOfSatisfying(SaslStep.Challenge.class, c -> assertThat(c.base64()).isEmpty());
        assertThat(credentialsOf(exchange.respond(b64("\0bob\0pw"))).user()).isEqualTo("bob");
        assertThatThrownBy(() -> exchange.respond("x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void plainRejectsMissingSeparatorsAndEmptyParts() {
        assertThat(failureOf(SaslMechanism.PLAIN.newExchange().start(b64("alice\0pw")))).isEqualTo(SaslFailure.MALFORMED_MESSAGE);
        assertThat(failureOf(SaslMechanism.PLAIN.newExchange().start(b64("alicepw")))).isEqualTo(SaslFailure.MALFORMED_MESSAGE);
        assertThat(failureOf(SaslMechanism.PLAIN.newExchange().start(b64("\0\0pw")))).isEqualTo(SaslFailure.MALFORMED_MESSAGE);
        assertThat(failureOf(SaslMechanism.PLAIN.newExchange().start(b64("\0a\0")))).isEqualTo(SaslFailure.MALFORMED_MESSAGE);
        assertThat(failureOf(SaslMechanism.PLAIN.newExchange().start(b64("\0a\0b\0c")))).isEqualTo(SaslFailure.MALFORMED_MESSAGE);
        assertThat(failureOf(SaslMechanism.PLAIN.newExchange().start("="))).isEqualTo(SaslFailure.MALFORMED_MESSAGE);
        assertThat(failureOf(SaslMechanism.PLAIN.newExchange().start("not base64!"))).isEqualTo(SaslFailure.MALFORMED_BASE64);
    }

    @Test
    void loginAsksForUserNameThenPasswordWithTheClassicPrompts() {
        SaslExchange exchange = SaslMechanism.LOGIN.newExchange();
        assertThat(((SaslStep.Challenge) exchange.start()).base64()).isEqualTo(LoginExchange.USERNAME_PROMPT).isEqualTo("VXNlcm5hbWU6");
        assertThat(((SaslStep.Challenge) exchange.respond(b64("alice@contoso.com"))).base64())
                .isEqualTo(LoginExchange.PASSWORD_PROMPT).isEqualTo("UGFzc3dvcmQ6");
        assertThat(credentialsOf(exchange.respond(b64("pässword"))))
                .isEqualTo(new PasswordCredentials("", "alice@contoso.com", "pässword"));
    }

    @Test
    void loginTakesTheUserNameAsInitialResponse() {
        SaslExchange exchange = SaslMechanism.LOGIN.newExchange();
        assertThat(((SaslStep.Challenge) exchange.start(b64("alice"))).base64()).isEqualTo(LoginExchange.PASSWORD_PROMPT);
        assertThat(credentialsOf(exchange.respond(b64("pw"))).user()).isEqualTo("alice");
    }

    @Test
    void everyMechanismStopsWhenTheClientCancels() {
        SaslExchange login = SaslMechanism.LOGIN.newExchange();
        login.start();
        assertThat(failureOf(login.respond("*"))).isEqualTo(SaslFailure.CANCELLED);
        SaslExchange loginAtPassword = SaslMechanism.LOGIN.newExchange();
        loginAtPassword.start(b64("alice"));
        assertThat(failureOf(loginAtPassword.respond("*"))).isEqualTo(SaslFailure.CANCELLED);
        SaslExchange plain = SaslMechanism.PLAIN.newExchange();
        plain.start();
        assertThat(failureOf(plain.respond("*"))).isEqualTo(SaslFailure.CANCELLED);
        SaslExchange xoauth2 = SaslMechanism.XOAUTH2.newExchange();
        xoauth2.start();
        assertThat(failureOf(xoauth2.respond("*"))).isEqualTo(SaslFailure.CANCELLED);
    }

    @Test
    void loginRejectsMalformedBase64AndAnEmptyUserName() {
        SaslExchange exchange = SaslMechanism.LOGIN.newExchange();
        exchange.start();
        assertThat(failureOf(exchange.respond("%%%"))).isEqualTo(SaslFailure.MALFORMED_BASE64);
        SaslExchange empty = SaslMechanism.LOGIN.newExchange();
        empty.start();
        assertThat(failureOf(empty.respond(""))).isEqualTo(SaslFailure.MALFORMED_MESSAGE);
    }

    @Test
    void xoauth2ParsesTheUserAndTokenFromTheClientString() {
        String initial = XOAuth2Exchange.clientResponse("alice@contoso.com", "eyJ0eXAi.payload.sig");
        assertThat(initial).isEqualTo(b64("user=alice@contoso.com\u0001auth=Bearer eyJ0eXAi.payload.sig\u0001\u0001"));
        assertThat(credentialsOf(SaslMechanism.XOAUTH2.newExchange().start(initial)))
                .isEqualTo(new BearerCredentials("alice@contoso.com", "eyJ0eXAi.payload.sig"));
    }

    @Test
    void xoauth2SendsAnEmptyChallengeWithoutInitialResponse() {
        SaslExchange exchange = SaslMechanism.named("xoauth2").orElseThrow().newExchange();
        assertThat(exchange.start()).isInstanceOfSatisfying(SaslStep.Challenge.class, c -> assertThat(c.data()).isEmpty());
        assertThat(credentialsOf(exchange.respond(XOAuth2Exchange.clientResponse("bob@c.com", "tok"))).user()).isEqualTo("bob@c.com");
    }

    @Test
    void xoauth2RejectsMalformedMessages() {
        String[] malformed = {
            "user=a@b.c\u0001auth=Bearer tok\u0001",
            "auth=Bearer tok\u0001\u0001",
            "user=a@b.c\u0001\u0001",
            "user=a@b.c\u0001auth=Basic dXNlcg==\u0001\u0001",
            "user=a@b.c\u0001auth=Bearer \u0001\u0001",
            "user=\u0001auth=Bearer tok\u0001\u0001",
            "garbage\u0001\u0001",
        };
        for (String message : malformed) {
            assertThat(failureOf(SaslMechanism.XOAUTH2.newExchange().start(b64(message))))
                    .as(message).isEqualTo(SaslFailure.MALFORMED_MESSAGE);
        }
        assertThat(failureOf(SaslMechanism.XOAUTH2.newExchange().start("dXNlcj1h!"))).isEqualTo(SaslFailure.MALFORMED_BASE64);
    }

    @Test
    void neverPrintsPasswordsOrTokens() {
        assertThat(new PasswordCredentials("", "alice", "hunter2").toString()).contains("alice").doesNotContain("hunter2");
        assertThat(new BearerCredentials("alice", "eyJsecret").toString()).contains("alice").doesNotContain("eyJsecret");
        assertThat(new SaslStep.Success(new BearerCredentials("a", "eyJsecret")).toString()).doesNotContain("eyJsecret");
    }

    @Test
    void namesOnlyTheMechanismsItSpeaks() {
        assertThat(SaslMechanism.named("plain")).contains(SaslMechanism.PLAIN);
        assertThat(SaslMechanism.named("CRAM-MD5")).isEmpty();
    }
}
